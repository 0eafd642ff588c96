import type {
  EmergencyStopMode,
  RolloutDefinition,
  RolloutPreview,
} from '@fleet/shared/contracts';
import { stageNameOf } from '@fleet/shared/contracts';
import { Changes } from './changes';
import * as commands from './commands';
import { msSince, StepContext } from './context';
import { planSends, PlannedSend } from './dispatch-plan';
import { RolloutError } from './errors';
import { answers, applyOutcome } from './outcomes';
import type {
  CarOutcome,
  DispatchContext,
  EngineClock,
  FleetView,
  RolloutDispatcher,
  RolloutListener,
  RolloutRepository,
  VersionInfo,
} from './ports';
import { previewRollout } from './preview';
import type { CarRecord, RolloutState } from './records';
import { isInFlight } from './records';
import { isLive, stepRollout } from './rollout-step';
import { applyRefusal, markSendUnanswered } from './send';
import { SerialQueue } from './serial-queue';

export interface EngineLogger {
  log(message: string): void;
  warn(message: string): void;
}

export interface EngineOptions {
  /** A send without an answer this long is left in flight; its state is asked for later. */
  sendTimeoutMs: number;
  /** In-flight cars are asked for their state this often, in case an outcome event was lost. */
  inquireEveryMs: number;
  /** How long the update store's answer about a version is kept. */
  versionCacheMs: number;
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = {
  sendTimeoutMs: 30_000,
  inquireEveryMs: 5_000,
  versionCacheMs: 60_000,
};

export interface EngineDeps {
  repository: RolloutRepository;
  dispatcher: RolloutDispatcher;
  fleet: FleetView;
  clock: EngineClock;
  newId: () => string;
  logger?: EngineLogger;
  options?: Partial<EngineOptions>;
}

export interface CreateRolloutInput {
  definition: RolloutDefinition;
  name?: string;
  start?: boolean;
  startAt?: string;
}

const silent: EngineLogger = { log: () => undefined, warn: () => undefined };

/**
 * The rollout state machine. Every change goes through one serial queue and is committed (one transaction)
 * before anything is sent; a send is persisted as in flight before the dispatcher is called, so that an engine
 * rebuilt from the repository asks the dispatcher what became of it instead of sending it twice.
 */
export class RolloutEngine {
  private readonly states = new Map<string, RolloutState>();
  private readonly queue = new SerialQueue();
  private readonly listeners: RolloutListener[] = [];
  private readonly lastInquiry = new Map<string, number>();
  private readonly versions = new Map<
    string,
    { info: VersionInfo | null; at: number }
  >();
  private readonly options: EngineOptions;
  private readonly logger: EngineLogger;
  private tickQueued = false;

  constructor(private readonly deps: EngineDeps) {
    this.options = { ...DEFAULT_ENGINE_OPTIONS, ...deps.options };
    this.logger = deps.logger ?? silent;
  }

  onChange(listener: RolloutListener): void {
    this.listeners.push(listener);
  }

  list(): RolloutState[] {
    return [...this.states.values()].sort((a, b) =>
      b.rollout.createdAt.localeCompare(a.rollout.createdAt),
    );
  }

  get(id: string): RolloutState {
    const state = this.states.get(id);
    if (!state) throw new RolloutError('not-found', `rollout ${id} not found`);
    return state;
  }

  /** Rebuilds every rollout from the repository and settles sends the previous process left in flight. */
  load(): Promise<void> {
    return this.queue.run(async () => {
      await this.reload();
      for (const state of this.states.values())
        for (const car of state.cars.values())
          if (isInFlight(car)) await this.inquire(state, car);
    });
  }

  async preview(definition: RolloutDefinition): Promise<RolloutPreview> {
    const version = await this.requireVersion(definition.version);
    return previewRollout(
      definition,
      this.deps.fleet,
      version,
      (id) => this.busyIn(id, ''),
      this.deps.clock.now(),
    );
  }

  create(input: CreateRolloutInput, actor: string): Promise<RolloutState> {
    return this.queue.run(async () => {
      const { definition } = input;
      await this.requireVersion(definition.version);
      const ctx = await this.context();
      const id = this.deps.newId();
      const state: RolloutState = {
        rollout: {
          id,
          name: input.name ?? `${definition.version} rollout`,
          version: definition.version,
          status: 'draft',
          reason: null,
          definition,
          createdBy: actor,
          createdAt: ctx.changes.nowIso,
          updatedAt: ctx.changes.nowIso,
          startAt: null,
          startedAt: null,
          finishedAt: null,
          pendingApproval: null,
          approvedBy: null,
          frozenFrom: null,
          rollbackScope: null,
          revision: 0,
        },
        stages: definition.stages.map((stage, index) => ({
          rolloutId: id,
          index,
          name: stageNameOf(stage, index),
          status: 'pending',
          reason: null,
          startedAt: null,
          finishedAt: null,
          deadlineAt: null,
        })),
        cars: new Map(),
      };
      ctx.changes.rollout(state.rollout);
      state.stages.forEach((s) => ctx.changes.stage(s, {}));
      await this.commit(ctx.changes);
      this.states.set(id, state);
      if (input.start || input.startAt)
        await this.applyCommand(state, (c) =>
          commands.startRollout(state, actor, input.startAt ?? null, c),
        );
      return state;
    });
  }

  start(id: string, actor: string, at: string | null): Promise<RolloutState> {
    return this.command(id, (state, ctx) =>
      commands.startRollout(state, actor, at, ctx),
    );
  }

  pause(id: string, actor: string): Promise<RolloutState> {
    return this.command(id, (state, ctx) =>
      commands.pauseRollout(state, actor, ctx),
    );
  }

  resume(id: string, actor: string): Promise<RolloutState> {
    return this.command(id, (state, ctx) =>
      commands.resumeRollout(state, actor, ctx),
    );
  }

  nextStage(id: string, actor: string): Promise<RolloutState> {
    return this.command(
      id,
      (state, ctx) => void commands.nextStage(state, actor, ctx),
    );
  }

  cancel(id: string, actor: string): Promise<RolloutState> {
    return this.command(id, (state, ctx) =>
      commands.cancelRollout(state, actor, ctx),
    );
  }

  rollback(id: string, actor: string): Promise<RolloutState> {
    return this.command(id, (state, ctx) =>
      commands.rollbackRollout(state, actor, ctx),
    );
  }

  approve(id: string, actor: string): Promise<RolloutState> {
    return this.command(id, (state, ctx) =>
      commands.approve(state, actor, ctx),
    );
  }

  emergencyStop(
    mode: EmergencyStopMode,
    actor: string,
  ): Promise<RolloutState[]> {
    return this.queue.run(async () => {
      const touched: RolloutState[] = [];
      for (const state of this.states.values()) {
        const ctx = await this.context(state);
        if (!commands.emergencyStop(state, mode, actor, ctx)) continue;
        await this.commit(ctx.changes);
        touched.push(state);
      }
      for (const state of touched) await this.pass(state);
      return touched;
    });
  }

  /** An update or rollback of one car ended (from the dispatcher's stream of outcomes). */
  onOutcome(outcome: CarOutcome): Promise<void> {
    return this.queue.run(async () => {
      for (const state of this.states.values()) {
        const car = state.cars.get(outcome.carId);
        if (!car || !answers(car, outcome, state)) continue;
        const ctx = await this.context(state);
        applyOutcome(state, car, outcome, ctx);
        await this.commit(ctx.changes);
        await this.pass(state);
      }
    });
  }

  /** One pass over every live rollout; ticks asked for while one is queued are merged into it. */
  tick(): Promise<void> {
    if (this.tickQueued) return this.queue.idle();
    this.tickQueued = true;
    return this.queue.run(async () => {
      this.tickQueued = false;
      for (const state of this.states.values()) {
        if (!isLive(state)) continue;
        try {
          await this.inquireStale(state);
          await this.pass(state);
        } catch (error) {
          this.logger.warn(
            `rollout=${state.rollout.id} tick failed: ${(error as Error).message}`,
          );
        }
      }
    });
  }

  /** Resolves once the queue has drained (tests). */
  async settled(): Promise<void> {
    while (this.queue.size > 0) await this.queue.idle();
  }

  private command(
    id: string,
    apply: (state: RolloutState, ctx: StepContext) => void,
  ): Promise<RolloutState> {
    return this.queue.run(async () => {
      const state = this.get(id);
      await this.applyCommand(state, (ctx) => apply(state, ctx));
      return state;
    });
  }

  private async applyCommand(
    state: RolloutState,
    apply: (ctx: StepContext) => void,
  ): Promise<void> {
    const ctx = await this.context(state);
    apply(ctx);
    await this.commit(ctx.changes);
    await this.pass(state);
  }

  /** Steps the rollout, commits, then sends what may be sent now. */
  private async pass(state: RolloutState): Promise<void> {
    const ctx = await this.context(state);
    stepRollout(state, ctx);
    await this.commit(ctx.changes);
    const sends = planSends(state, this.deps.fleet, this.deps.clock.now());
    if (sends.length > 0) await this.send(state, sends);
  }

  /** Every send is committed as in flight (one transaction) before the first is made; the answers in another. */
  private async send(state: RolloutState, sends: PlannedSend[]): Promise<void> {
    const before = await this.context(state);
    const planned = sends.map(({ car, operation }) => {
      const attempt = car.attempts + 1;
      const fromVersion =
        operation === 'update'
          ? (this.deps.fleet.car(car.carId)?.version ?? car.fromVersion)
          : car.fromVersion;
      before.changes.car(car, {
        bucket: operation === 'update' ? 'updating' : 'rolling-back',
        operation,
        attempts: attempt,
        dispatchKey: `${state.rollout.id}:${car.carId}:${attempt}`,
        dispatchedAt: before.changes.nowIso,
        nextAttemptAt: null,
        soakUntil: null,
        offlineSince: null,
        fromVersion,
        reason:
          operation === 'update'
            ? `updating: ${state.rollout.version} sent`
            : `rolling back to ${fromVersion ?? 'the previous version'}`,
      });
      return { car, operation, fromVersion };
    });
    await this.commit(before.changes);
    const after = await this.context(state);
    for (const { car, operation, fromVersion } of planned) {
      const dispatch = this.dispatchContext(state, car);
      const result = await this.withTimeout(
        operation === 'update'
          ? this.deps.dispatcher.dispatch(
              car.carId,
              state.rollout.version,
              dispatch,
            )
          : this.deps.dispatcher.rollback(car.carId, fromVersion, dispatch),
      );
      if ('error' in result) markSendUnanswered(car, result.error, after);
      else if (!result.accepted) applyRefusal(state, car, result, after);
    }
    await this.commit(after.changes);
  }

  private dispatchContext(
    state: RolloutState,
    car: CarRecord,
  ): DispatchContext {
    return {
      rolloutId: state.rollout.id,
      stage: state.stages[car.stageIndex].name,
      attempt: car.attempts,
      key: car.dispatchKey ?? '',
      actor: `rollout:${state.rollout.id}`,
    };
  }

  private async inquireStale(state: RolloutState): Promise<void> {
    const now = this.deps.clock.now();
    for (const car of state.cars.values()) {
      if (
        !isInFlight(car) ||
        msSince(car.dispatchedAt, now) < this.options.inquireEveryMs
      )
        continue;
      const last =
        this.lastInquiry.get(`${state.rollout.id}/${car.carId}`) ?? 0;
      if (now.getTime() - last >= this.options.inquireEveryMs)
        await this.inquire(state, car);
    }
  }

  /** Asks what became of a send; a send that never reached the car goes back to the queue of its stage. */
  private async inquire(state: RolloutState, car: CarRecord): Promise<void> {
    this.lastInquiry.set(
      `${state.rollout.id}/${car.carId}`,
      this.deps.clock.now().getTime(),
    );
    const operation = car.operation ?? 'update';
    const version =
      operation === 'update' ? state.rollout.version : (car.fromVersion ?? '');
    const dispatch = {
      rolloutId: state.rollout.id,
      stage: state.stages[car.stageIndex].name,
      attempt: car.attempts,
      key: car.dispatchKey ?? '',
      actor: `rollout:${state.rollout.id}`,
      since: car.dispatchedAt ?? '',
    };
    const inquiry = await this.withTimeout(
      this.deps.dispatcher.inquire(car.carId, operation, version, dispatch),
    );
    if ('error' in inquiry || inquiry.state === 'in-flight') return;
    const ctx = await this.context(state);
    if (inquiry.state === 'finished') {
      if (answers(car, inquiry.outcome, state))
        applyOutcome(state, car, inquiry.outcome, ctx);
    } else {
      const reason =
        'the send never reached the car (the API stopped first); sending again';
      ctx.changes.car(
        car,
        operation === 'update'
          ? { bucket: 'pending', reason: `pending: ${reason}` }
          : { bucket: 'rollback-pending', reason: `rollback waits: ${reason}` },
      );
      this.logger.log(`rollout=${state.rollout.id} car=${car.carId} ${reason}`);
    }
    await this.commit(ctx.changes);
  }

  private async reload(): Promise<void> {
    const states = await this.deps.repository.loadAll();
    this.states.clear();
    for (const state of states) this.states.set(state.rollout.id, state);
  }

  private async withTimeout<T>(
    promise: Promise<T>,
  ): Promise<T | { error: string }> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<{ error: string }>((resolve) => {
      timer = setTimeout(
        () =>
          resolve({
            error: `no answer within ${this.options.sendTimeoutMs} ms`,
          }),
        this.options.sendTimeoutMs,
      );
      timer.unref?.();
    });
    try {
      return await Promise.race([
        promise.catch((e: Error) => ({ error: e.message })),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async commit(changes: Changes): Promise<void> {
    if (changes.empty) return;
    const ids = changes.rolloutIds();
    for (const id of ids) {
      const state = this.states.get(id);
      if (state)
        changes.rollout(state.rollout, {
          revision: state.rollout.revision + 1,
        });
    }
    try {
      await this.deps.repository.commit(changes.toChange());
    } catch (error) {
      // Memory ran ahead of the database: take the database's word for it again.
      this.logger.warn(
        `commit failed, reloading rollouts: ${(error as Error).message}`,
      );
      await this.reload();
      throw error;
    }
    for (const id of ids) {
      const state = this.states.get(id);
      if (state) this.listeners.forEach((l) => l(state));
    }
  }

  private async context(state?: RolloutState): Promise<StepContext> {
    const now = this.deps.clock.now();
    const version = state
      ? await this.versionInfo(state.rollout.version)
      : null;
    return {
      now,
      changes: new Changes(now.toISOString()),
      fleet: this.deps.fleet,
      version,
      busyIn: (carId) => this.busyIn(carId, state?.rollout.id ?? ''),
    };
  }

  private busyIn(carId: string, except: string): string | undefined {
    for (const state of this.states.values()) {
      if (state.rollout.id === except) continue;
      const car = state.cars.get(carId);
      if (car && !car.finished) return state.rollout.id;
    }
    return undefined;
  }

  private async requireVersion(version: string): Promise<VersionInfo> {
    const info = await this.versionInfo(version, true);
    if (!info)
      throw new RolloutError('not-found', `version ${version} not found`);
    return info;
  }

  private async versionInfo(
    version: string,
    fresh = false,
  ): Promise<VersionInfo | null> {
    const now = this.deps.clock.now().getTime();
    const cached = this.versions.get(version);
    if (cached && !fresh && now - cached.at < this.options.versionCacheMs)
      return cached.info;
    const info = await this.deps.fleet
      .version(version)
      .catch(() => cached?.info ?? null);
    this.versions.set(version, { info, at: now });
    return info;
  }
}
