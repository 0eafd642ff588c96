import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';

/**
 * A claim older than this is taken over even from a live replica: one that lost its release (a database error at
 * that moment) must not keep the car from every other replica's updates for as long as it lives. A deployment
 * waits at most twice the COA timeout (GET, then POST; 180 s each by default) once it has a slot.
 */
export const CLAIM_STALE_MS = 60 * 60_000;

/** Claims taken or released in one statement at most (a turn of a bulk update starts 32 cars). */
export const CLAIMS_PER_STATEMENT = 256;

/** A release that failed (the database was not reachable) is tried again this much later, until it is stale. */
export const RELEASE_RETRY_MS = 5_000;
/** Failed releases kept for another try at most; beyond, the oldest are left to CLAIM_STALE_MS (logged). */
export const MAX_RELEASES_OWED = 100_000;

interface PendingRelease {
  carId: string;
  jobId: string;
  /** When its first try failed (a failed release is tried again until the claim would be stale anyway). */
  failedAt?: number;
}

/**
 * The release side of DeploymentClaims: the releases asked for in one turn of the event loop go in one DELETE
 * (matched by holder and job id, so a newer deployment's claim of the same car stays). A release whose statement
 * failed is tried again `retryMs` later with that turn's others: left in place, the claim would keep every other
 * replica from the car until it is stale (CLAIM_STALE_MS) or this replica stops; a retry that comes after that is
 * dropped.
 */
export class ClaimReleases {
  private readonly logger = new Logger(ClaimReleases.name);
  private pending: PendingRelease[] = [];
  /** The run of the releases asked for in this turn, until it starts. */
  private releasing: Promise<void> | null = null;
  /** Releases that failed, tried again after `retryMs` (bounded by MAX_RELEASES_OWED). */
  private failed: PendingRelease[] = [];
  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly replicaId: string,
    private readonly now: () => number,
    private readonly retryMs: number,
    /** Called for every statement run. */
    private readonly counted: () => void,
  ) {}

  /** Releases that failed and wait for another try. */
  get owed(): number {
    return this.failed.length;
  }

  /** Settles with the statement that deletes it; never rejects. */
  release(carId: string, jobId: string): Promise<void> {
    this.pending.push({ carId, jobId });
    return this.schedule();
  }

  close(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private schedule(): Promise<void> {
    this.releasing ??= new Promise((resolve) =>
      setImmediate(() => {
        this.releasing = null;
        void this.run().finally(resolve);
      }),
    );
    return this.releasing;
  }

  private async run(): Promise<void> {
    const releases = this.pending;
    this.pending = [];
    for (let i = 0; i < releases.length; i += CLAIMS_PER_STATEMENT) {
      const batch = releases.slice(i, i + CLAIMS_PER_STATEMENT);
      const p = placeholders(this.db);
      const params: unknown[] = [this.replicaId];
      const holder = p();
      const each = batch.map((r) => {
        params.push(r.carId, r.jobId);
        return `(car_id = ${p()} AND job_id = ${p()})`;
      });
      try {
        this.counted();
        await this.db.query(
          `DELETE FROM deployment_claims WHERE holder = ${holder} AND (${each.join(' OR ')})`,
          params,
        );
        const late = batch.filter((r) => r.failedAt !== undefined).length;
        if (late > 0)
          this.logger.log(
            `${late} deployment claim(s) released on a later try`,
          );
      } catch (error) {
        // One warning per failure, not one per try of the same releases.
        if (batch.some((r) => r.failedAt === undefined))
          this.logger.warn(
            `${batch.length} deployment claim(s) not released (cars ${batch
              .slice(0, 5)
              .map((r) => r.carId)
              .join(
                ', ',
              )}${batch.length > 5 ? ', …' : ''}); tried again every ${this.retryMs / 1000} s; other replicas take them after ${CLAIM_STALE_MS / 60_000} min, or when this replica stops: ${(error as Error).message}`,
          );
        this.owe(batch);
      }
    }
  }

  private owe(batch: PendingRelease[]): void {
    const now = this.now();
    for (const r of batch)
      this.failed.push({ ...r, failedAt: r.failedAt ?? now });
    if (this.failed.length > MAX_RELEASES_OWED) {
      const dropped = this.failed.splice(
        0,
        this.failed.length - MAX_RELEASES_OWED,
      );
      this.logger.warn(
        `${dropped.length} failed deployment claim release(s) not tried again (more than ${MAX_RELEASES_OWED} owed); other replicas take them after ${CLAIM_STALE_MS / 60_000} min`,
      );
    }
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      const due = this.failed.filter(
        (r) => this.now() - (r.failedAt ?? 0) < CLAIM_STALE_MS,
      );
      this.failed = [];
      if (due.length === 0) return;
      this.pending.push(...due);
      void this.schedule();
    }, this.retryMs);
    this.retryTimer.unref?.();
  }
}

/** Parameters in the order they appear: `$1, $2, …` on PostgreSQL, `?` on SQLite. */
export function placeholders(db: DataSource): () => string {
  let n = 0;
  return db.options.type === 'postgres' ? () => `$${++n}` : () => '?';
}
