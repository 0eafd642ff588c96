import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnModuleInit,
} from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { Clock, TimerHandle } from '../common/clock';
import { LeaseEntity } from './lease.entity';
import { LEASE_OPTIONS, LeaseOptions, LeaseService } from './lease.service';
import { REPLICA_ID } from './replica-id';

/** Rows of the lease table that say a replica is alive: `replica:<id>`, renewed like the engine lease. */
export const REPLICA_ROW_PREFIX = 'replica:';

/** What a dead replica left behind (e.g. its updates in flight) is taken over by these, on the leader. */
export type DeadReplicaHandler = (replicaId: string) => Promise<unknown>;

/** The rows of live and dead replicas (one row per replica in the lease table). */
export class ReplicaRowStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts or renews this replica's row. */
  async beat(replicaId: string, expiresAt: number): Promise<void> {
    const name = REPLICA_ROW_PREFIX + replicaId;
    const updated = await this.dataSource
      .createQueryBuilder()
      .update(LeaseEntity)
      .set({ expiresAt })
      .where('name = :name', { name })
      .execute();
    if ((updated.affected ?? 0) > 0) return;
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(LeaseEntity)
      .values({ name, holder: replicaId, expiresAt, epoch: 0 })
      .orIgnore()
      .execute();
  }

  /** Marks the row expired (a graceful stop): the leader takes over what is left at once. */
  async expire(replicaId: string): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .update(LeaseEntity)
      .set({ expiresAt: 0 })
      .where('name = :name', { name: REPLICA_ROW_PREFIX + replicaId })
      .execute();
  }

  /** Replicas whose row expired before `now` (at most `limit`). */
  async expired(now: number, limit = 100): Promise<string[]> {
    const rows = await this.dataSource
      .getRepository(LeaseEntity)
      .createQueryBuilder('l')
      .where('l.name LIKE :prefix AND l.expires_at < :now', {
        prefix: `${REPLICA_ROW_PREFIX}%`,
        now,
      })
      .orderBy('l.expires_at', 'ASC')
      .take(limit)
      .getMany();
    return rows.map((row) => row.holder);
  }

  async isAlive(replicaId: string, now: number): Promise<boolean> {
    const row = await this.dataSource
      .getRepository(LeaseEntity)
      .findOneBy({ name: REPLICA_ROW_PREFIX + replicaId });
    return row !== null && row.expiresAt >= now;
  }

  /** The dead replica is handled: its row goes (only if it did not come back meanwhile). */
  async forget(replicaId: string, now: number): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .delete()
      .from(LeaseEntity)
      .where('name = :name AND expires_at < :now', {
        name: REPLICA_ROW_PREFIX + replicaId,
        now,
      })
      .execute();
  }
}

/**
 * Several replicas: each one keeps a row in the lease table alive (renewed every third of the lease TTL), and
 * the leader looks for rows that expired, a replica that died (or stopped) and left work behind, hands each
 * dead replica to the registered handlers (e.g. the update resumer, which sends that replica's unfinished
 * updates again) and then deletes its row, so that every dead replica is taken over once. With one replica
 * (no cluster) nothing runs.
 */
@Injectable()
export class ReplicaPresence
  implements OnModuleInit, BeforeApplicationShutdown
{
  private readonly logger = new Logger(ReplicaPresence.name);
  private readonly handlers: DeadReplicaHandler[] = [];
  private timer?: TimerHandle;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly store: ReplicaRowStore,
    private readonly lease: LeaseService,
    private readonly clock: Clock,
    @Inject(REPLICA_ID) readonly replicaId: string,
    @Inject(LEASE_OPTIONS) private readonly options: LeaseOptions,
  ) {}

  get enabled(): boolean {
    return this.options.cluster;
  }

  /** Registers what takes over a dead replica's work; runs on the leader only, once per dead replica. */
  onDead(handler: DeadReplicaHandler): void {
    this.handlers.push(handler);
  }

  async onModuleInit(): Promise<void> {
    if (!this.enabled) return;
    await this.beat();
    this.schedule();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (!this.enabled || this.stopped) return;
    this.stopped = true;
    if (this.timer) this.clock.clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
    await this.store
      .expire(this.replicaId)
      .catch((error: Error) =>
        this.logger.warn(`replica row not expired: ${error.message}`),
      );
  }

  /** Whether the replica's row is alive; with one replica only this one is. */
  async isAlive(replicaId: string): Promise<boolean> {
    if (replicaId === this.replicaId) return true;
    if (!this.enabled) return false;
    return this.store.isAlive(replicaId, this.now());
  }

  /** One round: renew this replica's row; on the leader, take over every dead replica. Exposed for tests. */
  async tick(): Promise<void> {
    const run = this.round();
    this.running = run;
    await run;
  }

  private async round(): Promise<void> {
    if (this.stopped) return;
    await this.beat();
    if (!this.lease.isLeader) return;
    let dead: string[];
    try {
      dead = await this.store.expired(this.now());
    } catch (error) {
      this.logger.warn(`dead replicas not read: ${(error as Error).message}`);
      return;
    }
    for (const replicaId of dead) {
      if (replicaId === this.replicaId || this.stopped || !this.lease.isLeader)
        continue;
      await this.takeOver(replicaId);
    }
  }

  private async takeOver(replicaId: string): Promise<void> {
    this.logger.warn(
      `replica ${replicaId} is gone: taking over what it left unfinished`,
    );
    try {
      for (const handler of this.handlers) await handler(replicaId);
      await this.store.forget(replicaId, this.now());
    } catch (error) {
      // The row stays: the next round tries again (the handlers are idempotent).
      this.logger.warn(
        `replica ${replicaId} not taken over yet: ${(error as Error).message}`,
      );
    }
  }

  private async beat(): Promise<void> {
    try {
      await this.store.beat(this.replicaId, this.now() + this.options.ttlMs);
    } catch (error) {
      this.logger.warn(`replica row not renewed: ${(error as Error).message}`);
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = this.clock.setTimeout(
      () => {
        void this.tick().finally(() => this.schedule());
      },
      Math.max(100, Math.floor(this.options.ttlMs / 3)),
    );
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}
