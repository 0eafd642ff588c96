import { randomBytes } from 'node:crypto';
import {
  ForbiddenException,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
  Optional,
} from '@nestjs/common';
import type {
  CreateRolloutDto,
  EmergencyStopDto,
  EmergencyStopResult,
  ListRolloutCarsQueryDto,
  ListRolloutsQueryDto,
  Page,
  Principal,
  RolloutCarView,
  RolloutPreview,
  RolloutStatus,
  RolloutView,
  StagedRolloutDto,
} from '@fleet/shared/contracts';
import { filter, Subscription } from 'rxjs';
import { LeaderCommands } from '../cluster/leader-commands';
import { LeaseService } from '../cluster/lease.service';
import { Clock, TimerHandle } from '../common/clock';
import { UpdatesDispatcher } from './adapters/updates-dispatcher';
import { RegistryFleetView } from './adapters/registry-fleet-view';
import type { CreateRolloutInput } from './engine/rollout-engine';
import { RolloutEngine } from './engine/rollout-engine';
import type { RolloutState } from './engine/records';
import { toRolloutView } from './engine/views';
import {
  createInputOf,
  definitionOf,
  stagedRolloutInput,
} from './rollout-definitions';
import { FollowerReads } from './follower-reads';
import { httpErrors } from './rollout-errors';
import { RolloutProgressPublisher } from './rollout-progress.publisher';
import { queryRolloutCars, queryRollouts } from './rollout-query';
import { RolloutStartScheduler } from './rollout-start.scheduler';
import { RolloutCampaignMirror } from './symphony/campaign-mirror';
import { TypeOrmRolloutRepository } from './persistence/typeorm-rollout.repository';

/** How often the engine looks at every live rollout (timeouts, soaks, parked cars, late joiners). */
export const TICK_MS = 1000;

function actorOf(user: Principal | undefined): string {
  return user?.username ?? 'system';
}

/** Runs the rollout engine inside the API: its adapters, its ticks, its progress events and its schedule. */
@Injectable()
export class RolloutsService
  implements OnApplicationBootstrap, OnModuleDestroy
{
  private readonly logger = new Logger(RolloutsService.name);
  private readonly engine: RolloutEngine;
  private readonly subscriptions = new Subscription();
  private ticker?: TimerHandle;
  /** Several replicas: the rollouts as the database has them, for reads on a follower (see `readable`). */
  private readonly replica: FollowerReads;
  private leading = false;
  private forwarded: Record<string, (args: unknown[]) => Promise<unknown>> = {};

  constructor(
    repository: TypeOrmRolloutRepository,
    private readonly dispatcher: UpdatesDispatcher,
    fleet: RegistryFleetView,
    private readonly clock: Clock,
    private readonly progress: RolloutProgressPublisher,
    private readonly scheduler: RolloutStartScheduler,
    private readonly mirror: RolloutCampaignMirror,
    /** Absent (unit tests): this process always leads. */
    @Optional() private readonly lease?: LeaseService,
    @Optional() private readonly leader?: LeaderCommands,
  ) {
    this.replica = new FollowerReads(
      repository,
      clock,
      () => this.follower,
      (m) => this.logger.warn(m),
    );
    this.engine = new RolloutEngine({
      repository,
      dispatcher,
      fleet,
      clock,
      newId: () => randomBytes(6).toString('hex'),
      logger: {
        log: (m) => this.logger.log(m),
        warn: (m) => this.logger.warn(m),
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.engine.onChange((state) => this.changed(state));
    this.scheduler.wakeWith(() => void this.tick());
    this.registerForwarded();
    // The lease holder runs the engine (at once when it already holds it, as a single replica does).
    if (!this.follower) await this.lead();
    else
      await this.refresh().catch((e: Error) =>
        this.logger.warn(`rollouts not read from the database: ${e.message}`),
      );
    this.subscriptions.add(
      this.lease?.leadership$.subscribe((leads) =>
        leads ? void this.lead() : this.follow(),
      ),
    );
    this.subscriptions.add(
      this.dispatcher.outcomes$
        .pipe(filter(() => !this.follower))
        .subscribe(
          (outcome) =>
            void this.engine
              .onOutcome(outcome)
              .catch((e: Error) =>
                this.logger.warn(
                  `outcome of car=${outcome.carId} not applied: ${e.message}`,
                ),
              ),
        ),
    );
  }

  /** Loads every rollout from the database and resumes them exactly as after a restart; then ticks. */
  private async lead(): Promise<void> {
    if (this.leading) return;
    this.leading = true;
    await this.engine.load();
    // Lost again while loading: the follower side already stopped everything.
    if (!this.leading || this.follower) return;
    for (const state of this.engine.list()) {
      this.scheduler.sync(state);
      await this.mirror.write(state);
    }
    if (this.ticker) this.clock.clearInterval(this.ticker);
    this.ticker = this.clock.setInterval(() => void this.tick(), TICK_MS);
    const live = this.engine
      .list()
      .filter(
        (s) =>
          ![
            'completed',
            'failed',
            'rolled-back',
            'cancelled',
            'draft',
          ].includes(s.rollout.status),
      );
    if (live.length > 0)
      this.logger.log(
        `resumed ${live.length} rollout(s): ${live.map((s) => `${s.rollout.id} (${s.rollout.status})`).join(', ')}`,
      );
  }

  /** Leadership lost: no more ticks, scheduled starts or outcomes here; the new leader reloads from the database. */
  private follow(): void {
    if (!this.leading) return;
    this.leading = false;
    if (this.ticker) this.clock.clearInterval(this.ticker);
    this.ticker = undefined;
    this.logger.warn(
      'no longer leader: the rollout engine stopped on this replica',
    );
    this.refresh().catch(() => undefined);
  }

  private get follower(): boolean {
    return this.lease ? !this.lease.isLeader : false;
  }

  /** The leader's engine, or on a follower the rollouts as last read from the database. */
  private readable(): Pick<FollowerReads['states'], 'list' | 'get'> {
    if (!this.follower) return this.engine;
    this.refresh(1000).catch((e: Error) =>
      this.logger.warn(`rollouts not read from the database: ${e.message}`),
    );
    return this.replica.states;
  }

  /** On a follower: the rollouts as read from the database by a read that started after this call. */
  private refresh(maxAgeMs = 0): Promise<void> {
    return this.replica.refresh(maxAgeMs);
  }

  /** A write arriving at a follower runs on the leader (forwarded over the broker); then reads here see it. */
  private async forward<T>(command: string, args: unknown[]): Promise<T> {
    const leader = this.leader;
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

  private registerForwarded(): void {
    const leader = this.leader;
    if (!leader) return;
    const user = (u: unknown) => (u ?? undefined) as Principal | undefined;
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    const handlers: typeof this.forwarded = {
      create: (a) => this.create(a[0] as CreateRolloutDto, user(a[1])),
      createStaged: (a) =>
        this.createStaged(a[0] as StagedRolloutDto, user(a[1])),
      preview: (a) => this.preview(a[0] as CreateRolloutDto),
      start: (a) => this.start(str(a[0]) ?? '', str(a[1]), user(a[2])),
      pause: (a) => this.pause(str(a[0]) ?? '', user(a[1])),
      resume: (a) => this.resume(str(a[0]) ?? '', user(a[1])),
      nextStage: (a) => this.nextStage(str(a[0]) ?? '', user(a[1])),
      cancel: (a) => this.cancel(str(a[0]) ?? '', user(a[1])),
      rollback: (a) => this.rollback(str(a[0]) ?? '', user(a[1])),
      approve: (a) => this.approve(str(a[0]) ?? '', user(a[1])),
      emergencyStop: (a) =>
        this.emergencyStop(a[0] as EmergencyStopDto, user(a[1])),
    };
    this.forwarded = handlers;
    for (const [name, handler] of Object.entries(handlers))
      leader.register(`rollouts.${name}`, handler);
  }

  onModuleDestroy(): void {
    this.subscriptions.unsubscribe();
    if (this.ticker) this.clock.clearInterval(this.ticker);
  }

  /** Every rollout, newest first (the metrics read this; HTTP clients page through `page`). */
  list(status?: RolloutStatus): RolloutView[] {
    return this.readable()
      .list()
      .filter((s) => !status || s.rollout.status === status)
      .map(toRolloutView);
  }

  /** `GET /api/rollouts`: one page of the rollouts that match, newest first. */
  page(query: ListRolloutsQueryDto): Page<RolloutView> {
    return queryRollouts(this.readable().list(), query);
  }

  get(id: string): Promise<RolloutView> {
    return httpErrors(
      this.refresh().then(() => toRolloutView(this.readable().get(id))),
    );
  }

  /** One page of the rollout's cars (by stage, then car id), optionally of one stage and bucket. */
  cars(
    id: string,
    query: ListRolloutCarsQueryDto = {},
  ): Promise<Page<RolloutCarView>> {
    return httpErrors(
      this.refresh().then(() =>
        queryRolloutCars(this.readable().get(id), query),
      ),
    );
  }

  preview(dto: CreateRolloutDto): Promise<RolloutPreview> {
    if (this.follower) return this.forward('preview', [dto]);
    return httpErrors(this.engine.preview(definitionOf(dto)));
  }

  create(
    dto: CreateRolloutDto,
    user: Principal | undefined,
  ): Promise<RolloutView> {
    if (this.follower) return this.forward('create', [dto, user]);
    return this.createFrom(createInputOf(dto), user);
  }

  createStaged(
    dto: StagedRolloutDto,
    user: Principal | undefined,
  ): Promise<RolloutView> {
    if (this.follower) return this.forward('createStaged', [dto, user]);
    return this.createFrom(stagedRolloutInput(dto), user);
  }

  start(
    id: string,
    at: string | undefined,
    user: Principal | undefined,
  ): Promise<RolloutView> {
    if (this.follower) return this.forward('start', [id, at, user]);
    return this.view(
      this.engine.start(
        id,
        actorOf(user),
        at ? new Date(at).toISOString() : null,
      ),
    );
  }

  pause(id: string, user: Principal | undefined): Promise<RolloutView> {
    if (this.follower) return this.forward('pause', [id, user]);
    return this.view(this.engine.pause(id, actorOf(user)));
  }

  resume(id: string, user: Principal | undefined): Promise<RolloutView> {
    if (this.follower) return this.forward('resume', [id, user]);
    return this.view(this.engine.resume(id, actorOf(user)));
  }

  nextStage(id: string, user: Principal | undefined): Promise<RolloutView> {
    if (this.follower) return this.forward('nextStage', [id, user]);
    return this.view(this.engine.nextStage(id, actorOf(user)));
  }

  cancel(id: string, user: Principal | undefined): Promise<RolloutView> {
    if (this.follower) return this.forward('cancel', [id, user]);
    return this.view(this.engine.cancel(id, actorOf(user)));
  }

  rollback(id: string, user: Principal | undefined): Promise<RolloutView> {
    if (this.follower) return this.forward('rollback', [id, user]);
    return this.view(this.engine.rollback(id, actorOf(user)));
  }

  approve(id: string, user: Principal | undefined): Promise<RolloutView> {
    if (this.follower) return this.forward('approve', [id, user]);
    return this.view(this.engine.approve(id, actorOf(user)));
  }

  /** `freeze-and-revert` reverts fleet-wide: admins only (the route itself is open to operators for `freeze`). */
  async emergencyStop(
    dto: EmergencyStopDto,
    user: Principal | undefined,
  ): Promise<EmergencyStopResult> {
    if (this.follower) return this.forward('emergencyStop', [dto, user]);
    if (dto.mode === 'freeze-and-revert' && user && user.role !== 'admin')
      throw new ForbiddenException(
        `freeze-and-revert needs the admin role; ${user.username} is ${user.role}`,
      );
    const touched = await httpErrors(
      this.engine.emergencyStop(dto.mode, actorOf(user)),
    );
    this.logger.warn(
      `emergency stop (${dto.mode}) by ${actorOf(user)}: ${touched.length} rollout(s)`,
    );
    return {
      mode: dto.mode,
      rollouts: touched.map((s) => ({
        id: s.rollout.id,
        status: s.rollout.status,
      })),
    };
  }

  /** One engine pass now (tests and the scheduler); errors are logged, the next tick tries again. */
  tick(): Promise<void> {
    if (this.follower) return Promise.resolve();
    return this.engine
      .tick()
      .catch((error: Error) =>
        this.logger.warn(`rollout tick failed: ${error.message}`),
      );
  }

  private async createFrom(
    input: CreateRolloutInput,
    user: Principal | undefined,
  ): Promise<RolloutView> {
    const state = await httpErrors(this.engine.create(input, actorOf(user)));
    this.logger.log(
      `rollout=${state.rollout.id} of ${state.rollout.version} created by ${actorOf(user)}: ${state.rollout.status}`,
    );
    return toRolloutView(state);
  }

  private async view(work: Promise<RolloutState>): Promise<RolloutView> {
    return toRolloutView(await httpErrors(work));
  }

  private changed(state: RolloutState): void {
    this.progress.changed(state);
    this.scheduler.sync(state);
    this.mirror.changed(state);
  }
}
