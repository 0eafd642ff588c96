import type {
  EmergencyStopMode,
  RolloutDefinition,
  RolloutPreview,
} from '@fleet/shared/contracts';
import { Changes } from './changes';
import * as commands from './commands';
import * as reverts from './revert-commands';
import type { StepContext } from './context';
import {
  DEFAULT_ENGINE_OPTIONS,
  EngineDeps,
  EngineLogger,
  EngineOptions,
} from './engine-options';
import { InquiryRound } from './inquiry-round';
import { OutcomeBatch } from './outcome-batch';
import { answers, applyOutcome } from './outcomes';
import type { CarOutcome, RolloutListener } from './ports';
import { previewRollout } from './preview';
import type { RolloutState } from './records';
import { isInFlight } from './records';
import { CreateRolloutInput, newRolloutState } from './new-rollout';
import { RolloutPasses } from './rollout-passes';
import { RolloutStates } from './rollout-states';
import { Sender } from './sender';
import { SerialQueue } from './serial-queue';
import { VersionCache } from './version-cache';

export { DEFAULT_ENGINE_OPTIONS } from './engine-options';
export type { EngineDeps, EngineLogger, EngineOptions } from './engine-options';
export type { CreateRolloutInput };
export { MAX_WAITING_OUTCOMES } from './outcome-batch';

const silent: EngineLogger = { log: () => undefined, warn: () => undefined };

/**
 * The rollout state machine. Every change goes through one serial queue and is committed (one transaction)
 * before anything is sent; a send is persisted as in flight before the dispatcher is called, so that an engine
 * rebuilt from the repository asks the dispatcher what became of it instead of sending it twice.
 */
export class RolloutEngine {
  private readonly states: RolloutStates;
  private readonly queue = new SerialQueue();
  private readonly sender: Sender;
  private readonly versions: VersionCache;
  private readonly options: EngineOptions;
  private readonly logger: EngineLogger;
  private readonly outcomes = new OutcomeBatch(
    (task) => this.queue.run(task),
    (outcomes) => this.applyOutcomes(outcomes),
  );
  private readonly passes: RolloutPasses;
  private readonly inquiries: InquiryRound;

  constructor(private readonly deps: EngineDeps) {
    this.options = { ...DEFAULT_ENGINE_OPTIONS, ...deps.options };
    this.logger = deps.logger ?? silent;
    this.states = new RolloutStates(deps.repository, this.logger);
    this.versions = new VersionCache(
      deps.fleet,
      deps.clock,
      this.options.versionCacheMs,
    );
    this.sender = new Sender({
      dispatcher: deps.dispatcher,
      fleet: deps.fleet,
      clock: deps.clock,
      logger: this.logger,
      options: this.options,
      context: (state) => this.context(state),
      commit: (changes) => this.commit(changes),
    });
    this.passes = new RolloutPasses({
      states: this.states,
      queue: this.queue,
      sender: this.sender,
      fleet: deps.fleet,
      clock: deps.clock,
      sendConcurrency: this.options.sendConcurrency,
      logger: this.logger,
      context: (state) => this.context(state),
      commit: (changes) => this.commit(changes),
    });
    this.inquiries = new InquiryRound({
      states: this.states,
      sender: this.sender,
      queue: this.queue,
      pass: (state) => this.passes.pass(state),
      logger: this.logger,
    });
  }

  onChange(listener: RolloutListener): void {
    this.states.onChange(listener);
  }

  list(): RolloutState[] {
    return this.states.list();
  }

  get(id: string): RolloutState {
    return this.states.get(id);
  }

  /** Rebuilds every rollout from the repository and settles sends the previous process left in flight. */
  load(): Promise<void> {
    return this.queue.run(async () => {
      await this.states.reload();
      for (const state of this.states.values())
        await this.sender.inquire(
          state,
          [...state.cars.values()].filter(isInFlight),
        );
    });
  }

  async preview(definition: RolloutDefinition): Promise<RolloutPreview> {
    const version = await this.versions.require(definition.version);
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
      await this.versions.require(definition.version);
      const ctx = await this.context();
      const state = newRolloutState(
        this.deps.newId(),
        input,
        actor,
        ctx.changes.nowIso,
      );
      ctx.changes.rollout(state.rollout);
      state.stages.forEach((s) => ctx.changes.stage(s, {}));
      await this.commit(ctx.changes);
      this.states.add(state);
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
      reverts.rollbackRollout(state, actor, ctx),
    );
  }

  approve(id: string, actor: string): Promise<RolloutState> {
    return this.command(id, (state, ctx) => reverts.approve(state, actor, ctx));
  }

  emergencyStop(
    mode: EmergencyStopMode,
    actor: string,
  ): Promise<RolloutState[]> {
    return this.queue.run(async () => {
      const touched: RolloutState[] = [];
      for (const state of this.states.values()) {
        const ctx = await this.context(state);
        if (!reverts.emergencyStop(state, mode, actor, ctx)) continue;
        await this.commit(ctx.changes);
        touched.push(state);
      }
      for (const state of touched) await this.passes.pass(state);
      return touched;
    });
  }

  /** An update or rollback of one car ended (the dispatcher's stream); applied with others that came in meanwhile. */
  onOutcome(outcome: CarOutcome): Promise<void> {
    return this.outcomes.add(outcome);
  }

  private async applyOutcomes(outcomes: CarOutcome[]): Promise<void> {
    for (const state of this.states.values()) {
      let ctx: StepContext | null = null;
      for (const outcome of outcomes) {
        const car = state.cars.get(outcome.carId);
        if (!car || !answers(car, outcome, state)) continue;
        ctx ??= await this.context(state);
        applyOutcome(state, car, outcome, ctx);
      }
      if (!ctx) continue;
      await this.commit(ctx.changes);
      await this.passes.pass(state);
    }
  }

  /**
   * One pass over every live rollout (ticks asked for while one is queued are merged into it), and the inquiries
   * about stale sends beside it (at most one round at a time). Resolves once both are done.
   */
  async tick(): Promise<void> {
    await Promise.all([this.passes.all(), this.inquiries.run()]);
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
    await this.passes.pass(state);
  }

  private commit(changes: Changes): Promise<void> {
    return this.states.commit(changes);
  }

  private async context(state?: RolloutState): Promise<StepContext> {
    const now = this.deps.clock.now();
    const version = state
      ? await this.versions.get(state.rollout.version)
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
    return this.states.busyIn(carId, except);
  }
}
