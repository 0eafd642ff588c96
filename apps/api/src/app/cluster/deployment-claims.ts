import {
  ConflictException,
  OnModuleDestroy,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { DataSource } from 'typeorm';
import {
  CLAIM_STALE_MS,
  CLAIMS_PER_STATEMENT,
  ClaimReleases,
  placeholders,
  RELEASE_RETRY_MS,
} from './claim-releases';
import { REPLICA_ROW_PREFIX } from './replica-presence';

export { CLAIM_STALE_MS, CLAIMS_PER_STATEMENT } from './claim-releases';

/** Why the claim was refused: the replica running the car's deployment and its job. */
export interface ClaimHolder {
  holder: string;
  jobId: string;
}

/** The 409 of a car whose deployment another replica runs. */
export function inFlightElsewhere(
  carId: string,
  holder: ClaimHolder,
): ConflictException {
  return new ConflictException(
    `car ${carId} has an update in flight on another API replica (${holder.holder}, job ${holder.jobId}); wait until it finishes`,
  );
}

/** The 503 of a car whose claim could not be asked for (the database failed). */
export function claimsUnknown(
  carId: string,
  error: unknown,
): ServiceUnavailableException {
  return new ServiceUnavailableException(
    `the other API replicas' deployments of car ${carId} could not be checked: ${(error as Error).message}`,
  );
}

interface PendingTake {
  carId: string;
  jobId: string;
  /** Statements run for it so far (a claim released between the take and the look at its holder: once more). */
  attempts: number;
  resolve(holder: ClaimHolder | null): void;
  reject(error: unknown): void;
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
 * CLAIM_STALE_MS. It deletes the row when the deployment ends. The takes (and the releases) asked for in one turn
 * of the event loop go in one statement: a bulk update asks for hundreds at once, and one round trip per car made
 * a 2,000-car bulk request on PostgreSQL take 9.7-11.7 s instead of 5.3-8.2 (batched: 6.8-8.0). The releases
 * (and their retries) are ClaimReleases'. A single replica (CLUSTER=off) claims nothing: its tracker sees every
 * deployment there is.
 */
export class DeploymentClaims implements OnModuleDestroy {
  private takes: PendingTake[] = [];
  private takesScheduled = false;
  /** Null with one replica. */
  private readonly releases: ClaimReleases | null;
  /** Statements run (for tests and benchmarks). */
  statements = 0;
  /** Claims asked for, by result (`fleet_deployment_claims_total`). */
  readonly results = { taken: 0, refused: 0, failed: 0 };

  constructor(
    private readonly dataSource: DataSource | null,
    private readonly replicaId: string,
    private readonly now: () => number = Date.now,
    retryMs = RELEASE_RETRY_MS,
  ) {
    this.releases = dataSource
      ? new ClaimReleases(dataSource, replicaId, now, retryMs, () => {
          this.statements++;
        })
      : null;
  }

  /** Releases that failed and wait for another try. */
  get releasesOwed(): number {
    return this.releases?.owed ?? 0;
  }

  /** Stops the retry timer (the replica is stopping: its claims go with its replica row). */
  onModuleDestroy(): void {
    this.releases?.close();
  }

  get enabled(): boolean {
    return this.dataSource !== null;
  }

  /** Null when this replica holds the car's claim now; otherwise who does. Always null with one replica. */
  take(carId: string, jobId: string): Promise<ClaimHolder | null> {
    if (!this.dataSource) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      this.takes.push({ carId, jobId, attempts: 0, resolve, reject });
      this.scheduleTakes();
    });
  }

  /**
   * The deployment `jobId` has ended: the car's claim goes, if this replica still holds it for that job (a
   * newer deployment of the car here has taken the claim over and keeps it). Never rejects.
   */
  release(carId: string, jobId: string): Promise<void> {
    return this.releases?.release(carId, jobId) ?? Promise.resolve();
  }

  private scheduleTakes(): void {
    if (this.takesScheduled) return;
    this.takesScheduled = true;
    setImmediate(() => {
      this.takesScheduled = false;
      const db = this.dataSource;
      if (db) void this.runTakes(db);
    });
  }

  private async runTakes(db: DataSource): Promise<void> {
    // One row per car in a statement (PostgreSQL refuses to update a row twice in one); a repeat waits its turn.
    const batch: PendingTake[] = [];
    const cars = new Set<string>();
    const rest: PendingTake[] = [];
    for (const take of this.takes)
      if (batch.length < CLAIMS_PER_STATEMENT && !cars.has(take.carId)) {
        cars.add(take.carId);
        batch.push(take);
      } else rest.push(take);
    this.takes = rest;
    if (rest.length > 0) this.scheduleTakes();
    if (batch.length === 0) return;
    let refused: PendingTake[];
    try {
      const taken = await this.tryTake(db, batch);
      refused = batch.filter((t) => !taken.has(t.carId));
      // Those held answer now: a failure of the next statement must not leave a claim held that nobody runs.
      for (const take of batch)
        if (taken.has(take.carId)) {
          this.results.taken++;
          take.resolve(null);
        }
    } catch (error) {
      this.results.failed += batch.length;
      for (const take of batch) take.reject(error);
      return;
    }
    try {
      const holders = await this.holdersOf(
        db,
        refused.map((t) => t.carId),
      );
      for (const take of refused) {
        take.attempts++;
        const holder = holders.get(take.carId);
        if (take.attempts < 2 && !holder) {
          this.takes.push(take);
          this.scheduleTakes();
          continue;
        }
        this.results.refused++;
        take.resolve(holder ?? { holder: 'unknown', jobId: 'unknown' });
      }
    } catch (error) {
      this.results.failed += refused.length;
      for (const take of refused) take.reject(error);
    }
  }

  /** The cars of `batch` whose claim this replica holds now. */
  private async tryTake(
    db: DataSource,
    batch: readonly PendingTake[],
  ): Promise<Set<string>> {
    const now = this.now();
    const p = placeholders(db);
    const params: unknown[] = [];
    const rows = batch.map((t) => {
      params.push(t.carId, this.replicaId, t.jobId, now);
      return `(${p()}, ${p()}, ${p()}, ${p()})`;
    });
    params.push(now - CLAIM_STALE_MS, REPLICA_ROW_PREFIX, now);
    this.statements++;
    // `excluded` is the proposed row on both drivers; the WHERE decides whether an existing row is taken over.
    const result: unknown = await db.query(
      `INSERT INTO deployment_claims (car_id, holder, job_id, since) VALUES ${rows.join(', ')}
       ON CONFLICT (car_id) DO UPDATE SET holder = excluded.holder, job_id = excluded.job_id, since = excluded.since
       WHERE deployment_claims.holder = excluded.holder
          OR deployment_claims.since < ${p()}
          OR NOT EXISTS (SELECT 1 FROM cluster_lease r
                         WHERE r.name = CAST(${p()} AS varchar(16)) || deployment_claims.holder AND r.expires_at >= ${p()})
       RETURNING car_id`,
      params,
    );
    return new Set(
      (Array.isArray(result) ? (result as { car_id: string }[]) : []).map(
        (r) => r.car_id,
      ),
    );
  }

  private async holdersOf(
    db: DataSource,
    carIds: readonly string[],
  ): Promise<Map<string, ClaimHolder>> {
    if (carIds.length === 0) return new Map();
    const p = placeholders(db);
    this.statements++;
    const rows = (await db.query(
      `SELECT car_id, holder, job_id FROM deployment_claims WHERE car_id IN (${carIds.map(() => p()).join(', ')})`,
      [...carIds],
    )) as { car_id: string; holder: string; job_id: string }[];
    return new Map(
      rows.map((r) => [r.car_id, { holder: r.holder, jobId: r.job_id }]),
    );
  }
}
