import {
  Inject,
  Injectable,
  Logger,
  BeforeApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { BehaviorSubject, distinctUntilChanged, Observable } from 'rxjs';
import { Clock, TimerHandle } from '../common/clock';
import { withTimeout } from '../common/with-timeout';
import { LeaseStore } from './lease-store';
import { REPLICA_ID } from './replica-id';

/** The lease of the one replica that runs the rollout engine, scheduled starts, update recovery and the agents. */
export const ENGINE_LEASE = 'rollout-engine';

export interface LeaseOptions {
  name: string;
  ttlMs: number;
  /** false: the only replica; it seizes the lease at start whoever held it (its own killed predecessor). */
  cluster: boolean;
}

export const LEASE_OPTIONS = Symbol('LEASE_OPTIONS');

/**
 * Holds (or waits for) one lease row in the database. The holder renews every third of the TTL; the others
 * try to take it about ten times per TTL, so a dead holder is replaced within TTL plus one try. A holder that
 * cannot renew stops being leader before its lease can expire (one try's margin), so two replicas never act
 * as leader at once while clocks agree within that margin.
 */
@Injectable()
export class LeaseService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(LeaseService.name);
  private readonly leader = new BehaviorSubject<boolean>(false);
  /** Until when this replica may act as leader (its last successful renewal's expiry minus the margin). */
  private validUntil = 0;
  private timer?: TimerHandle;
  private running?: Promise<void>;
  private stopped = false;

  readonly leadership$: Observable<boolean> = this.leader.pipe(
    distinctUntilChanged(),
  );

  constructor(
    private readonly store: LeaseStore,
    private readonly clock: Clock,
    @Inject(REPLICA_ID) readonly replicaId: string,
    @Inject(LEASE_OPTIONS) private readonly options: LeaseOptions,
  ) {}

  get isLeader(): boolean {
    return this.leader.value;
  }

  get ttlMs(): number {
    return this.options.ttlMs;
  }

  /** The first try before the application bootstraps, so that a single replica starts as leader as before. */
  async onModuleInit(): Promise<void> {
    await this.attempt(!this.options.cluster);
    this.schedule();
  }

  /**
   * In a graceful stop after the application module stopped the agents (global modules come after it), so
   * that the next leader never meets them still running, and before TypeORM closes the database.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.release();
  }

  /** Stops trying, drops leadership and frees the lease for the next replica (graceful shutdown). */
  async release(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) this.clock.clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
    const held = this.isLeader;
    this.setLeader(false);
    if (!held) return;
    await this.store
      .release(this.options.name, this.replicaId)
      .then(() => this.logger.log(`released the ${this.options.name} lease`))
      .catch((error: Error) =>
        this.logger.warn(`could not release the lease: ${error.message}`),
      );
  }

  /** One try now: renew (holder) or take (free or expired). Exposed for tests. */
  async attempt(seize = false): Promise<boolean> {
    const run = this.tryOnce(seize);
    this.running = run.then(() => undefined);
    await run;
    return this.isLeader;
  }

  private async tryOnce(seize: boolean): Promise<void> {
    if (this.stopped) return;
    const now = this.clock.now().getTime();
    const expiresAt = now + this.options.ttlMs;
    try {
      const held = await withTimeout(
        seize
          ? this.store.seize(this.options.name, this.replicaId, expiresAt)
          : this.store.acquire(
              this.options.name,
              this.replicaId,
              now,
              expiresAt,
            ),
        this.retryMs(),
        'lease renewal',
      );
      if (this.stopped) return;
      if (held) this.validUntil = expiresAt - this.retryMs();
      this.setLeader(held);
    } catch (error) {
      // The database is unreachable: stay leader only while the lease cannot have passed to anybody else. The
      // only replica has nobody to pass it to: it keeps leading (its agents and rollouts go on) until it sees
      // another holder.
      const keep =
        this.isLeader &&
        (!this.options.cluster || this.clock.now().getTime() < this.validUntil);
      this.logger.warn(
        `lease ${this.options.name}: ${(error as Error).message}${this.isLeader && !keep ? '; leadership given up' : ''}`,
      );
      if (!keep) this.setLeader(false);
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    const delay = this.isLeader
      ? Math.max(1, Math.floor(this.options.ttlMs / 3))
      : this.retryMs();
    this.timer = this.clock.setTimeout(() => {
      void this.attempt().finally(() => this.schedule());
    }, delay);
  }

  /** How often a follower tries; also the margin a holder keeps before its lease expires. */
  private retryMs(): number {
    return Math.max(100, Math.floor(this.options.ttlMs / 10));
  }

  private setLeader(leader: boolean): void {
    if (leader === this.leader.value) return;
    this.logger.log(
      leader
        ? `replica ${this.replicaId} now holds the ${this.options.name} lease (leader)`
        : `replica ${this.replicaId} is no longer leader`,
    );
    this.leader.next(leader);
  }
}
