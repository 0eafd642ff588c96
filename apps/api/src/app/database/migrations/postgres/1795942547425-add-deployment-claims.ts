import type { MigrationInterface, QueryRunner } from 'typeorm';

/** AddDeploymentClaims (PostgreSQL): written by `npm run db:migration -- AddDeploymentClaims` from the entities. */
export class AddDeploymentClaims1795942547425 implements MigrationInterface {
  // Explicit: the migrations table records this name, and a bundler may rename classes.
  name = 'AddDeploymentClaims1795942547425';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "deployment_claims" ("car_id" character varying(63) NOT NULL, "holder" character varying(128) NOT NULL, "job_id" character varying(64) NOT NULL, "since" bigint NOT NULL, CONSTRAINT "PK_2aa50d617aebf420ded71f08e00" PRIMARY KEY ("car_id"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "deployment_claims"`);
  }
}
