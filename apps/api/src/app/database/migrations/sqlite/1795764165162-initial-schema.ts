import type { MigrationInterface, QueryRunner } from 'typeorm';

/** InitialSchema (SQLite): written by `npm run db:migration -- InitialSchema` from the entities. */
export class InitialSchema1795764165162 implements MigrationInterface {
  // Explicit: the migrations table records this name, and a bundler may rename classes.
  name = 'InitialSchema1795764165162';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "api_keys" ("id" varchar(16) PRIMARY KEY NOT NULL, "name" varchar(64) NOT NULL, "role" varchar(16) NOT NULL, "secretHash" varchar(256) NOT NULL, "createdBy" varchar(64) NOT NULL, "createdAt" varchar(32) NOT NULL, "lastUsedAt" varchar(32), CONSTRAINT "UQ_5457f77c4528c36c3d810bf6b70" UNIQUE ("name"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "cluster_lease" ("name" varchar(64) PRIMARY KEY NOT NULL, "holder" varchar(128) NOT NULL, "expires_at" bigint NOT NULL, "epoch" integer NOT NULL DEFAULT (0))`,
    );
    await queryRunner.query(
      `CREATE TABLE "audit_log" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "at" varchar(32) NOT NULL, "actor" varchar(80) NOT NULL, "role" varchar(16), "action" varchar(160) NOT NULL, "method" varchar(8) NOT NULL, "path" varchar(512) NOT NULL, "targetId" varchar(256), "ip" varchar(64) NOT NULL, "statusCode" integer NOT NULL, "correlationId" varchar(64) NOT NULL, "details" text)`,
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
      `CREATE TABLE "users" ("username" varchar(64) PRIMARY KEY NOT NULL, "role" varchar(16) NOT NULL, "passwordHash" varchar(256) NOT NULL, "sessionVersion" integer NOT NULL DEFAULT (1), "createdAt" varchar(32) NOT NULL, "updatedAt" varchar(32) NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE TABLE "cars" ("id" varchar(63) PRIMARY KEY NOT NULL, "region" varchar(32) NOT NULL, "model" varchar(64) NOT NULL, "desiredVehicleState" varchar(16) NOT NULL, "lastKnownVersion" varchar(64), "createdAt" varchar(32) NOT NULL, "updatedAt" varchar(32) NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_6fe3081ec8b656bd657e557ccb" ON "cars" ("region") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_af7b8f772f4286beb0fc2d534b" ON "cars" ("lastKnownVersion") `,
    );
    await queryRunner.query(
      `CREATE TABLE "meta" ("key" varchar(64) PRIMARY KEY NOT NULL, "value" text NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE TABLE "symphony_objects" ("kind" varchar(32) NOT NULL, "namespace" varchar(63) NOT NULL, "name" varchar(253) NOT NULL, "body" text NOT NULL, "generation" integer NOT NULL, "createdAt" varchar(32) NOT NULL, "updatedAt" varchar(32) NOT NULL, PRIMARY KEY ("kind", "namespace", "name"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_c246929b38bc9da11d587f3f63" ON "symphony_objects" ("kind", "namespace") `,
    );
    await queryRunner.query(
      `CREATE TABLE "update_history" ("id" varchar(36) PRIMARY KEY NOT NULL, "carId" varchar(63) NOT NULL, "kind" varchar(16) NOT NULL, "fromVersion" varchar(64), "toVersion" varchar(64) NOT NULL, "result" varchar(16) NOT NULL, "phase" varchar(16) NOT NULL, "actor" varchar(128) NOT NULL, "requestedAt" varchar(32) NOT NULL, "finishedAt" varchar(32), "instance" varchar(253) NOT NULL, "instanceGeneration" integer NOT NULL, "jobId" varchar(64) NOT NULL, "coaState" integer, "details" text NOT NULL, "owner_replica" varchar(128))`,
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
      `CREATE TABLE "rollout_cars" ("rolloutId" varchar(36) NOT NULL, "carId" varchar(63) NOT NULL, "stageIndex" integer NOT NULL, "bucket" varchar(24) NOT NULL, "reason" text NOT NULL, "finished" boolean NOT NULL, "attempts" integer NOT NULL, "failures" integer NOT NULL, "dispatchKey" varchar(128), "operation" varchar(16), "fromVersion" varchar(64), "dispatchedAt" varchar(32), "nextAttemptAt" varchar(32), "soakUntil" varchar(32), "offlineSince" varchar(32), "updatedAt" varchar(32) NOT NULL, PRIMARY KEY ("rolloutId", "carId"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_2104d855199fc9b506594b2e33" ON "rollout_cars" ("carId") `,
    );
    await queryRunner.query(
      `CREATE TABLE "rollout_stages" ("rolloutId" varchar(36) NOT NULL, "index" integer NOT NULL, "name" varchar(63) NOT NULL, "status" varchar(16) NOT NULL, "reason" text, "startedAt" varchar(32), "finishedAt" varchar(32), "deadlineAt" varchar(32), PRIMARY KEY ("rolloutId", "index"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "rollouts" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(64) NOT NULL, "version" varchar(64) NOT NULL, "status" varchar(24) NOT NULL, "reason" text, "definition" text NOT NULL, "createdBy" varchar(128) NOT NULL, "createdAt" varchar(32) NOT NULL, "updatedAt" varchar(32) NOT NULL, "startAt" varchar(32), "startedAt" varchar(32), "finishedAt" varchar(32), "pendingApproval" text, "approvedBy" varchar(128), "frozenFrom" varchar(24), "rollbackScope" varchar(8), "revision" integer NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_5455906c38aee140229de5edae" ON "rollouts" ("status") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_5455906c38aee140229de5edae"`);
    await queryRunner.query(`DROP TABLE "rollouts"`);
    await queryRunner.query(`DROP TABLE "rollout_stages"`);
    await queryRunner.query(`DROP INDEX "IDX_2104d855199fc9b506594b2e33"`);
    await queryRunner.query(`DROP TABLE "rollout_cars"`);
    await queryRunner.query(`DROP INDEX "IDX_1f1b37ef0919afa59eab1f8d37"`);
    await queryRunner.query(`DROP INDEX "IDX_a6acaf5b187ba44cc40b67d42e"`);
    await queryRunner.query(`DROP INDEX "IDX_a963162884468e59748812a88b"`);
    await queryRunner.query(`DROP TABLE "update_history"`);
    await queryRunner.query(`DROP INDEX "IDX_c246929b38bc9da11d587f3f63"`);
    await queryRunner.query(`DROP TABLE "symphony_objects"`);
    await queryRunner.query(`DROP TABLE "meta"`);
    await queryRunner.query(`DROP INDEX "IDX_af7b8f772f4286beb0fc2d534b"`);
    await queryRunner.query(`DROP INDEX "IDX_6fe3081ec8b656bd657e557ccb"`);
    await queryRunner.query(`DROP TABLE "cars"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP INDEX "IDX_951e6339a77994dfbad976b35c"`);
    await queryRunner.query(`DROP INDEX "IDX_b24e98ef90e2b356263d4487e4"`);
    await queryRunner.query(`DROP INDEX "IDX_ba27cef5b8b2b1a756e06ebcc5"`);
    await queryRunner.query(`DROP TABLE "audit_log"`);
    await queryRunner.query(`DROP TABLE "cluster_lease"`);
    await queryRunner.query(`DROP TABLE "api_keys"`);
  }
}
