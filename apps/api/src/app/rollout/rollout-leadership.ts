import type {
  CreateRolloutDto,
  EmergencyStopDto,
  Principal,
  StagedRolloutDto,
} from '@fleet/shared/contracts';
import type { Subscription } from 'rxjs';
import type { LeaderCommands } from '../cluster/leader-commands';
import type { LeaseService } from '../cluster/lease.service';
import type { Clock, TimerHandle } from '../common/clock';
import type { EngineLogger } from './engine/engine-options';
import type { RolloutRepository } from './engine/ports';
import type { RolloutEngine } from './engine/rollout-engine';
import { FollowerReads } from './follower-reads';
import type { RolloutStartScheduler } from './rollout-start.scheduler';
import type { RolloutsService } from './rollouts.service';
import type { RolloutCampaignMirror } from './symphony/campaign-mirror';

/** How often the engine looks at every live rollout (timeouts, soaks, parked cars, late joiners). */
export const TICK_MS = 1000;

const ENDED = ['completed', 'failed', 'rolled-back', 'cancelled', 'draft'];

type Forwarded = (args: unknown[]) => Promise<unknown>;

/** The writes a follower forwards, by name, with their arguments as they travel over the broker. */
export function forwardedCommands(
  rollouts: RolloutsService,
): Record<string, Forwarded> {
  const user = (u: unknown) => (u ?? undefined) as Principal | undefined;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    create: (a) => rollouts.create(a[0] as CreateRolloutDto, user(a[1])),
    createStaged: (a) =>
      rollouts.createStaged(a[0] as StagedRolloutDto, user(a[1])),
    preview: (a) => rollouts.preview(a[0] as CreateRolloutDto),
    start: (a) => rollouts.start(str(a[0]) ?? '', str(a[1]), user(a[2])),
    pause: (a) => rollouts.pause(str(a[0]) ?? '', user(a[1])),
    resume: (a) => rollouts.resume(str(a[0]) ?? '', user(a[1])),
    nextStage: (a) => rollouts.nextStage(str(a[0]) ?? '', user(a[1])),
    cancel: (a) => rollouts.cancel(str(a[0]) ?? '', user(a[1])),
    rollback: (a) => rollouts.rollback(str(a[0]) ?? '', user(a[1])),
    approve: (a) => rollouts.approve(str(a[0]) ?? '', user(a[1])),
    emergencyStop: (a) =>
      rollouts.emergencyStop(a[0] as EmergencyStopDto, user(a[1])),
  };
}

export interface RolloutLeadershipDeps {
  engine: RolloutEngine;
  repository: RolloutRepository;
  clock: Clock;
  scheduler: RolloutStartScheduler;
  mirror: RolloutCampaignMirror;
  logger: EngineLogger;
  /** Absent (unit tests): this process always leads. */
  lease?: LeaseService;
  leader?: LeaderCommands;
}

/**
 * Where the rollout engine runs with several replicas: on the lease holder, which loads every rollout at its
 * takeover and ticks. A follower reads the rollouts from the database and forwards writes to the leader.
 */
export class RolloutLeadership {
  private ticker?: TimerHandle;
  /** The rollouts as the database has them, for reads on a follower (see `readable`). */
  private readonly replica: FollowerReads;
  private leading = false;
  private forwarded: Record<string, Forwarded> = {};

  constructor(private readonly deps: RolloutLeadershipDeps) {
    this.replica = new FollowerReads(
      deps.repository,
      deps.clock,
      () => this.follower,
      (m) => deps.logger.warn(m),
    );
  }

  get follower(): boolean {
    const { lease } = this.deps;
    return lease ? !lease.isLeader : false;
  }

  /**
   * Takes the `forwarded` writes from followers, then runs the engine when this replica holds the lease (at
   * once, as a single replica does) and follows the lease from then on.
   */
  async begin(
    forwarded: Record<string, Forwarded>,
  ): Promise<Subscription | undefined> {
    this.register(forwarded);
    if (!this.follower) await this.lead();
    else
      await this.refresh().catch((e: Error) =>
        this.deps.logger.warn(
          `rollouts not read from the database: ${e.message}`,
        ),
      );
    return this.deps.lease?.leadership$.subscribe((leads) =>
      leads ? void this.lead() : this.follow(),
    );
  }

  stop(): void {
    if (this.ticker) this.deps.clock.clearInterval(this.ticker);
  }

  /** One engine pass now, on the leader; errors are logged, the next tick tries again. */
  tick(): Promise<void> {
    if (this.follower) return Promise.resolve();
    return this.deps.engine
      .tick()
      .catch((error: Error) =>
        this.deps.logger.warn(`rollout tick failed: ${error.message}`),
      );
  }

  /** The leader's engine, or on a follower the rollouts as last read from the database. */
  readable(): Pick<FollowerReads['states'], 'list' | 'get'> {
    if (!this.follower) return this.deps.engine;
    this.refresh(1000).catch((e: Error) =>
      this.deps.logger.warn(
        `rollouts not read from the database: ${e.message}`,
      ),
    );
    return this.replica.states;
  }

  /** On a follower: the rollouts as read from the database by a read that started after this call. */
  refresh(maxAgeMs = 0): Promise<void> {
    return this.replica.refresh(maxAgeMs);
  }

  /** A write arriving at a follower runs on the leader (forwarded over the broker); then reads here see it. */
  async forward<T>(command: string, args: unknown[]): Promise<T> {
    const { leader } = this.deps;
    if (!leader) throw new Error('no leader forwarding configured');
    // Became leader meanwhile: run it here.
    const value = await leader.run<T>(
      `rollouts.${command}`,
      args,
      () => this.forwarded[command](args) as Promise<T>,
    );
    await this.refresh().catch(() => undefined);
    return value;
  }

  private register(forwarded: Record<string, Forwarded>): void {
    const { leader } = this.deps;
    if (!leader) return;
    this.forwarded = forwarded;
    for (const [name, handler] of Object.entries(forwarded))
      leader.register(`rollouts.${name}`, handler);
  }

  /** Loads every rollout from the database and resumes them exactly as after a restart; then ticks. */
  private async lead(): Promise<void> {
    if (this.leading) return;
    this.leading = true;
    const { engine, clock, scheduler, mirror, logger } = this.deps;
    await engine.load();
    // Lost again while loading: the follower side already stopped everything.
    if (!this.leading || this.follower) return;
    for (const state of engine.list()) {
      scheduler.sync(state);
      await mirror.write(state);
    }
    if (this.ticker) clock.clearInterval(this.ticker);
    this.ticker = clock.setInterval(() => void this.tick(), TICK_MS);
    const live = engine.list().filter((s) => !ENDED.includes(s.rollout.status));
    if (live.length > 0)
      logger.log(
        `resumed ${live.length} rollout(s): ${live.map((s) => `${s.rollout.id} (${s.rollout.status})`).join(', ')}`,
      );
  }

  /** Leadership lost: no more ticks, scheduled starts or outcomes here; the new leader reloads from the database. */
  private follow(): void {
    if (!this.leading) return;
    this.leading = false;
    if (this.ticker) this.deps.clock.clearInterval(this.ticker);
    this.ticker = undefined;
    this.deps.logger.warn(
      'no longer leader: the rollout engine stopped on this replica',
    );
    this.refresh().catch(() => undefined);
  }
}
