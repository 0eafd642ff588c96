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
import { Clock } from '../common/clock';
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
import { httpErrors } from './rollout-errors';
import { forwardedCommands, RolloutLeadership } from './rollout-leadership';
import { RolloutProgressPublisher } from './rollout-progress.publisher';
import { queryRolloutCars, queryRollouts } from './rollout-query';
import { RolloutStartScheduler } from './rollout-start.scheduler';
import { RolloutCampaignMirror } from './symphony/campaign-mirror';
import { TypeOrmRolloutRepository } from './persistence/typeorm-rollout.repository';

export { TICK_MS } from './rollout-leadership';

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
  private readonly leadership: RolloutLeadership;

  constructor(
    repository: TypeOrmRolloutRepository,
    private readonly dispatcher: UpdatesDispatcher,
    fleet: RegistryFleetView,
    clock: Clock,
    private readonly progress: RolloutProgressPublisher,
    private readonly scheduler: RolloutStartScheduler,
    private readonly mirror: RolloutCampaignMirror,
    /** Absent (unit tests): this process always leads. */
    @Optional() lease?: LeaseService,
    @Optional() leader?: LeaderCommands,
  ) {
    const logger = {
      log: (m: string) => this.logger.log(m),
      warn: (m: string) => this.logger.warn(m),
    };
    this.engine = new RolloutEngine({
      repository,
      dispatcher,
      fleet,
      clock,
      newId: () => randomBytes(6).toString('hex'),
      logger,
    });
    this.leadership = new RolloutLeadership({
      engine: this.engine,
      repository,
      clock,
      scheduler,
      mirror,
      logger,
      lease,
      leader,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.engine.onChange((state) => this.changed(state));
    this.scheduler.wakeWith(() => void this.tick());
    // The lease holder runs the engine (at once when it already holds it, as a single replica does).
    this.subscriptions.add(
      await this.leadership.begin(forwardedCommands(this)),
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

  onModuleDestroy(): void {
    this.subscriptions.unsubscribe();
    this.leadership.stop();
  }

  /** Every rollout, newest first (the metrics read this; HTTP clients page through `page`). */
  list(status?: RolloutStatus): RolloutView[] {
    return this.leadership
      .readable()
      .list()
      .filter((s) => !status || s.rollout.status === status)
      .map(toRolloutView);
  }

  /** `GET /api/rollouts`: one page of the rollouts that match, newest first. */
  page(query: ListRolloutsQueryDto): Page<RolloutView> {
    return queryRollouts(this.leadership.readable().list(), query);
  }

  get(id: string): Promise<RolloutView> {
    return httpErrors(
      this.refresh().then(() =>
        toRolloutView(this.leadership.readable().get(id)),
      ),
    );
  }

  /** One page of the rollout's cars (by stage, then car id), optionally of one stage and bucket. */
  cars(
    id: string,
    query: ListRolloutCarsQueryDto = {},
  ): Promise<Page<RolloutCarView>> {
    return httpErrors(
      this.refresh().then(() =>
        queryRolloutCars(this.leadership.readable().get(id), query),
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
    return this.leadership.tick();
  }

  private get follower(): boolean {
    return this.leadership.follower;
  }

  private refresh(): Promise<void> {
    return this.leadership.refresh();
  }

  private forward<T>(command: string, args: unknown[]): Promise<T> {
    return this.leadership.forward<T>(command, args);
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
