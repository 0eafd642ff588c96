import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { REPLICA_ROW_PREFIX } from './replica-presence';

/**
 * A claim older than this is taken over even from a live replica: one that lost its release (a database error at
 * that moment) must not keep the car from every other replica's updates for as long as it lives. A deployment
 * waits at most twice the COA timeout (GET, then POST; 180 s each by default) once it has a slot.
 */
export const CLAIM_STALE_MS = 60 * 60_000;

/** Why the claim was refused: the replica running the car's deployment and its job. */
export interface ClaimHolder {
  holder: string;
  jobId: string;
}

/**
 * Several replicas: at most one deployment of a car at a time across all of them. Within one replica the
 * reconcile tracker refuses a second deployment of a car (409 "in flight"); but that is memory of one process,
 * and a request that another replica received (a second operator behind the load balancer, a follower's
 * single-car update beside the leader's rollout) saw nothing of it, so both deployments went out.
 *
 * Now a replica takes the car's row in `deployment_claims` before it starts a deployment, with one conditional
 * statement: it gets the row when there is none, when it holds it already, when its holder's replica row has
 * expired or is gone (the holder died; the leader takes its work over), or when the claim is older than
 * CLAIM_STALE_MS. It deletes the row when the deployment ends. A single replica (CLUSTER=off) claims nothing: its
 * tracker sees every deployment there is.
 */
export class DeploymentClaims {
  private readonly logger = new Logger(DeploymentClaims.name);

  constructor(
    private readonly dataSource: DataSource | null,
    private readonly replicaId: string,
    private readonly now: () => number = Date.now,
  ) {}

  get enabled(): boolean {
    return this.dataSource !== null;
  }

  /** Null when this replica holds the car's claim now; otherwise who does. Always null with one replica. */
  async take(carId: string, jobId: string): Promise<ClaimHolder | null> {
    const db = this.dataSource;
    if (!db) return null;
    // Released between the two statements: once more rather than refuse for a claim nobody holds.
    for (let attempt = 0; attempt < 2; attempt++) {
      if (await this.tryTake(db, carId, jobId)) return null;
      const p = placeholders(db);
      const held = (await db.query(
        `SELECT holder, job_id FROM deployment_claims WHERE car_id = ${p()}`,
        [carId],
      )) as { holder: string; job_id: string }[];
      if (held.length > 0)
        return { holder: held[0].holder, jobId: held[0].job_id };
    }
    return { holder: 'unknown', jobId: 'unknown' };
  }

  private async tryTake(
    db: DataSource,
    carId: string,
    jobId: string,
  ): Promise<boolean> {
    const now = this.now();
    const p = placeholders(db);
    // `excluded` is the proposed row on both drivers; the WHERE decides whether an existing row is taken over.
    const rows: unknown = await db.query(
      `INSERT INTO deployment_claims (car_id, holder, job_id, since) VALUES (${p()}, ${p()}, ${p()}, ${p()})
       ON CONFLICT (car_id) DO UPDATE SET holder = excluded.holder, job_id = excluded.job_id, since = excluded.since
       WHERE deployment_claims.holder = excluded.holder
          OR deployment_claims.since < ${p()}
          OR NOT EXISTS (SELECT 1 FROM cluster_lease r
                         WHERE r.name = CAST(${p()} AS varchar(16)) || deployment_claims.holder AND r.expires_at >= ${p()})
       RETURNING car_id`,
      [
        carId,
        this.replicaId,
        jobId,
        now,
        now - CLAIM_STALE_MS,
        REPLICA_ROW_PREFIX,
        now,
      ],
    );
    return Array.isArray(rows) && rows.length > 0;
  }

  /**
   * The deployment `jobId` has ended: the car's claim goes, if this replica still holds it for that job (a
   * newer deployment of the car here has taken the claim over and keeps it). Never throws.
   */
  async release(carId: string, jobId: string): Promise<void> {
    const db = this.dataSource;
    if (!db) return;
    const p = placeholders(db);
    try {
      await db.query(
        `DELETE FROM deployment_claims WHERE car_id = ${p()} AND holder = ${p()} AND job_id = ${p()}`,
        [carId, this.replicaId, jobId],
      );
    } catch (error) {
      this.logger.warn(
        `car=${carId} deployment claim not released (other replicas take it after ${CLAIM_STALE_MS / 60_000} min, or when this replica stops): ${(error as Error).message}`,
      );
    }
  }
}

/** Parameters in the order they appear: `$1, $2, …` on PostgreSQL, `?` on SQLite. */
function placeholders(db: DataSource): () => string {
  let n = 0;
  return db.options.type === 'postgres' ? () => `$${++n}` : () => '?';
}
