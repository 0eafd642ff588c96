import type { MigrationInterface, QueryRunner } from 'typeorm';

/** AddDeploymentClaims (SQLite): written by `npm run db:migration -- AddDeploymentClaims` from the entities. */
export class AddDeploymentClaims1795942547425 implements MigrationInterface {
  // Explicit: the migrations table records this name, and a bundler may rename classes.
  name = 'AddDeploymentClaims1795942547425';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "deployment_claims" ("car_id" varchar(63) PRIMARY KEY NOT NULL, "holder" varchar(128) NOT NULL, "job_id" varchar(64) NOT NULL, "since" bigint NOT NULL)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "deployment_claims"`);
  }
}
