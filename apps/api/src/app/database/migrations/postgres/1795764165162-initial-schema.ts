import type { MigrationInterface, QueryRunner } from 'typeorm';

/** InitialSchema (PostgreSQL): written by `npm run db:migration -- InitialSchema` from the entities. */
export class InitialSchema1795764165162 implements MigrationInterface {
  // Explicit: the migrations table records this name, and a bundler may rename classes.
  name = 'InitialSchema1795764165162';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "api_keys" ("id" character varying(16) NOT NULL, "name" character varying(64) NOT NULL, "role" character varying(16) NOT NULL, "secretHash" character varying(256) NOT NULL, "createdBy" character varying(64) NOT NULL, "createdAt" character varying(32) NOT NULL, "lastUsedAt" character varying(32), CONSTRAINT "UQ_5457f77c4528c36c3d810bf6b70" UNIQUE ("name"), CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "cluster_lease" ("name" character varying(64) NOT NULL, "holder" character varying(128) NOT NULL, "expires_at" bigint NOT NULL, "epoch" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_f9da0c270e64bea77e20cd8652d" PRIMARY KEY ("name"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "audit_log" ("id" SERIAL NOT NULL, "at" character varying(32) NOT NULL, "actor" character varying(80) NOT NULL, "role" character varying(16), "action" character varying(160) NOT NULL, "method" character varying(8) NOT NULL, "path" character varying(512) NOT NULL, "targetId" character varying(256), "ip" character varying(64) NOT NULL, "statusCode" integer NOT NULL, "correlationId" character varying(64) NOT NULL, "details" text, CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_ba27cef5b8b2b1a756e06ebcc5" ON "audit_log" ("at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_b24e98ef90e2b356263d4487e4" ON "audit_log" ("actor") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_951e6339a77994dfbad976b35c" ON "audit_log" ("action") `,
    );
    await queryRunner.query(
      `CREATE TABLE "users" ("username" character varying(64) NOT NULL, "role" character varying(16) NOT NULL, "passwordHash" character varying(256) NOT NULL, "sessionVersion" integer NOT NULL DEFAULT '1', "createdAt" character varying(32) NOT NULL, "updatedAt" character varying(32) NOT NULL, CONSTRAINT "PK_fe0bb3f6520ee0469504521e710" PRIMARY KEY ("username"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "cars" ("id" character varying(63) NOT NULL, "region" character varying(32) NOT NULL, "model" character varying(64) NOT NULL, "desiredVehicleState" character varying(16) NOT NULL, "lastKnownVersion" character varying(64), "createdAt" character varying(32) NOT NULL, "updatedAt" character varying(32) NOT NULL, CONSTRAINT "PK_fc218aa84e79b477d55322271b6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_6fe3081ec8b656bd657e557ccb" ON "cars" ("region") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_af7b8f772f4286beb0fc2d534b" ON "cars" ("lastKnownVersion") `,
    );
    await queryRunner.query(
      `CREATE TABLE "meta" ("key" character varying(64) NOT NULL, "value" text NOT NULL, CONSTRAINT "PK_7f87cee620b4cb5946a0d9595d4" PRIMARY KEY ("key"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "symphony_objects" ("kind" character varying(32) NOT NULL, "namespace" character varying(63) NOT NULL, "name" character varying(253) NOT NULL, "body" text NOT NULL, "generation" integer NOT NULL, "createdAt" character varying(32) NOT NULL, "updatedAt" character varying(32) NOT NULL, CONSTRAINT "PK_a00121b1a9d3ce4c959ae6b90a2" PRIMARY KEY ("kind", "namespace", "name"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_c246929b38bc9da11d587f3f63" ON "symphony_objects" ("kind", "namespace") `,
    );
    await queryRunner.query(
      `CREATE TABLE "update_history" ("id" character varying(36) NOT NULL, "carId" character varying(63) NOT NULL, "kind" character varying(16) NOT NULL, "fromVersion" character varying(64), "toVersion" character varying(64) NOT NULL, "result" character varying(16) NOT NULL, "phase" character varying(16) NOT NULL, "actor" character varying(128) NOT NULL, "requestedAt" character varying(32) NOT NULL, "finishedAt" character varying(32), "instance" character varying(253) NOT NULL, "instanceGeneration" integer NOT NULL, "jobId" character varying(64) NOT NULL, "coaState" integer, "details" text NOT NULL, "owner_replica" character varying(128), CONSTRAINT "PK_43568c81af3ba1bb717b8df1667" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_a963162884468e59748812a88b" ON "update_history" ("result") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_a6acaf5b187ba44cc40b67d42e" ON "update_history" ("owner_replica") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_1f1b37ef0919afa59eab1f8d37" ON "update_history" ("carId", "requestedAt") `,
    );
    await queryRunner.query(
      `CREATE TABLE "rollout_cars" ("rolloutId" character varying(36) NOT NULL, "carId" character varying(63) NOT NULL, "stageIndex" integer NOT NULL, "bucket" character varying(24) NOT NULL, "reason" text NOT NULL, "finished" boolean NOT NULL, "attempts" integer NOT NULL, "failures" integer NOT NULL, "dispatchKey" character varying(128), "operation" character varying(16), "fromVersion" character varying(64), "dispatchedAt" character varying(32), "nextAttemptAt" character varying(32), "soakUntil" character varying(32), "offlineSince" character varying(32), "updatedAt" character varying(32) NOT NULL, CONSTRAINT "PK_6c923680039b38aa9a54fc91343" PRIMARY KEY ("rolloutId", "carId"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_2104d855199fc9b506594b2e33" ON "rollout_cars" ("carId") `,
    );
    await queryRunner.query(
      `CREATE TABLE "rollout_stages" ("rolloutId" character varying(36) NOT NULL, "index" integer NOT NULL, "name" character varying(63) NOT NULL, "status" character varying(16) NOT NULL, "reason" text, "startedAt" character varying(32), "finishedAt" character varying(32), "deadlineAt" character varying(32), CONSTRAINT "PK_1d261e8761c94ff82342be52ea9" PRIMARY KEY ("rolloutId", "index"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "rollouts" ("id" character varying(36) NOT NULL, "name" character varying(64) NOT NULL, "version" character varying(64) NOT NULL, "status" character varying(24) NOT NULL, "reason" text, "definition" text NOT NULL, "createdBy" character varying(128) NOT NULL, "createdAt" character varying(32) NOT NULL, "updatedAt" character varying(32) NOT NULL, "startAt" character varying(32), "startedAt" character varying(32), "finishedAt" character varying(32), "pendingApproval" text, "approvedBy" character varying(128), "frozenFrom" character varying(24), "rollbackScope" character varying(8), "revision" integer NOT NULL, CONSTRAINT "PK_835787271e5a8640da0b5d616f1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_5455906c38aee140229de5edae" ON "rollouts" ("status") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DROP INDEX "public"."IDX_5455906c38aee140229de5edae"`,
    );
    await queryRunner.query(`DROP TABLE "rollouts"`);
    await queryRunner.query(`DROP TABLE "rollout_stages"`);
    await queryRunner.query(
      `DROP INDEX "public"."IDX_2104d855199fc9b506594b2e33"`,
    );
    await queryRunner.query(`DROP TABLE "rollout_cars"`);
    await queryRunner.query(
      `DROP INDEX "public"."IDX_1f1b37ef0919afa59eab1f8d37"`,
    );
    await queryRunner.query(
      `DROP INDEX "public"."IDX_a6acaf5b187ba44cc40b67d42e"`,
    );
    await queryRunner.query(
      `DROP INDEX "public"."IDX_a963162884468e59748812a88b"`,
    );
    await queryRunner.query(`DROP TABLE "update_history"`);
    await queryRunner.query(
      `DROP INDEX "public"."IDX_c246929b38bc9da11d587f3f63"`,
    );
    await queryRunner.query(`DROP TABLE "symphony_objects"`);
    await queryRunner.query(`DROP TABLE "meta"`);
    await queryRunner.query(
      `DROP INDEX "public"."IDX_af7b8f772f4286beb0fc2d534b"`,
    );
    await queryRunner.query(
      `DROP INDEX "public"."IDX_6fe3081ec8b656bd657e557ccb"`,
    );
    await queryRunner.query(`DROP TABLE "cars"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(
      `DROP INDEX "public"."IDX_951e6339a77994dfbad976b35c"`,
    );
    await queryRunner.query(
      `DROP INDEX "public"."IDX_b24e98ef90e2b356263d4487e4"`,
    );
    await queryRunner.query(
      `DROP INDEX "public"."IDX_ba27cef5b8b2b1a756e06ebcc5"`,
    );
    await queryRunner.query(`DROP TABLE "audit_log"`);
    await queryRunner.query(`DROP TABLE "cluster_lease"`);
    await queryRunner.query(`DROP TABLE "api_keys"`);
  }
}
