import { mapPaced } from '../../common/map-limit';
import { TimeoutError, withTimeout } from '../../common/with-timeout';
import type { Changes } from './changes';
import { msSince, StepContext } from './context';
import type { PlannedSend } from './dispatch-plan';
import type { EngineOptions } from './engine-options';
import { answers, applyOutcome } from './outcomes';
import type {
  CarInquiry,
  DispatchContext,
  EngineClock,
  FleetView,
  RolloutDispatcher,
} from './ports';
import { CarRecord, isInFlight, RolloutState } from './records';
import { applyRefusal, markSendUnanswered } from './send';

export interface SenderIo {
  dispatcher: RolloutDispatcher;
  fleet: FleetView;
  clock: EngineClock;
  logger: { log(message: string): void };
  options: Pick<
    EngineOptions,
    'sendTimeoutMs' | 'inquireEveryMs' | 'sendConcurrency' | 'sendsPerTurn'
  >;
  context(state: RolloutState): Promise<StepContext>;
  commit(changes: Changes): Promise<void>;
}

/** What the dispatcher answered about each car's send (`key`: the send asked about). */
type Answers = Array<{
  car: CarRecord;
  key: string | null;
  inquiry: CarInquiry | { error: string };
}>;

const NEVER_SENT =
  'the send never reached the car (the API stopped first); sending again';

/** The engine's side of the dispatcher: sends (persisted first) and inquiries about sends without a result. */
export class Sender {
  private readonly lastInquiry = new Map<string, number>();

  constructor(private readonly io: SenderIo) {}

  /** Every send is committed as in flight (one transaction) before the first is made; the answers in another. */
  async send(state: RolloutState, sends: PlannedSend[]): Promise<void> {
    const before = await this.io.context(state);
    const planned = sends.map(({ car, operation }) => {
      const attempt = car.attempts + 1;
      const fromVersion =
        operation === 'update'
          ? (this.io.fleet.car(car.carId)?.version ?? car.fromVersion)
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
    await this.io.commit(before.changes);
    const after = await this.io.context(state);
    await this.eachBounded(planned, async ({ car, operation, fromVersion }) => {
      const dispatch = dispatchContext(state, car);
      const result = await this.withTimeout(
        operation === 'update'
          ? this.io.dispatcher.dispatch(
              car.carId,
              state.rollout.version,
              dispatch,
            )
          : this.io.dispatcher.rollback(car.carId, fromVersion, dispatch),
      );
      if ('error' in result) markSendUnanswered(car, result.error, after);
      else if (!result.accepted) applyRefusal(state, car, result, after);
    });
    await this.io.commit(after.changes);
  }

  /**
   * Asks about in-flight sends not asked about lately, in case an outcome event was lost. Runs outside the engine's
   * queue (thousands of cars may be in flight, and outcomes and commands must not wait for the answers); returns the
   * answers for `apply`, which runs inside it.
   */
  async askStale(state: RolloutState): Promise<Answers> {
    const now = this.io.clock.now();
    const every = this.io.options.inquireEveryMs;
    const stale = [...state.cars.values()].filter(
      (car) =>
        isInFlight(car) &&
        msSince(car.dispatchedAt, now) >= every &&
        now.getTime() - (this.lastInquiry.get(inquiryKey(state, car)) ?? 0) >=
          every,
    );
    return this.askAll(state, stale);
  }

  /**
   * Applies answers in one commit, to the cars still waiting for the send asked about (an outcome may have come in
   * meanwhile); a send that never reached the car goes back to the queue of its stage.
   */
  async apply(state: RolloutState, answers: Answers): Promise<void> {
    if (answers.length === 0) return;
    const ctx = await this.io.context(state);
    for (const { car, key, inquiry } of answers)
      if (isInFlight(car) && car.dispatchKey === key)
        this.settle(state, car, inquiry, ctx);
    await this.io.commit(ctx.changes);
  }

  /** Asks what became of each car's send (many at once, as sends go) and applies the answers. */
  async inquire(state: RolloutState, cars: CarRecord[]): Promise<void> {
    await this.apply(state, await this.askAll(state, cars));
  }

  private async askAll(
    state: RolloutState,
    cars: CarRecord[],
  ): Promise<Answers> {
    const asked = cars.map((car) => ({ car, key: car.dispatchKey }));
    const inquiries = await this.eachBounded(asked, ({ car }) =>
      this.ask(state, car),
    );
    return asked.map((a, i) => ({ ...a, inquiry: inquiries[i] }));
  }

  private ask(
    state: RolloutState,
    car: CarRecord,
  ): Promise<CarInquiry | { error: string }> {
    this.lastInquiry.set(inquiryKey(state, car), this.io.clock.now().getTime());
    const operation = car.operation ?? 'update';
    const version =
      operation === 'update' ? state.rollout.version : (car.fromVersion ?? '');
    const dispatch = {
      ...dispatchContext(state, car),
      since: car.dispatchedAt ?? '',
    };
    return this.withTimeout(
      this.io.dispatcher.inquire(car.carId, operation, version, dispatch),
    );
  }

  private settle(
    state: RolloutState,
    car: CarRecord,
    inquiry: CarInquiry | { error: string },
    ctx: StepContext,
  ): void {
    if ('error' in inquiry || inquiry.state === 'in-flight') return;
    if (inquiry.state === 'finished') {
      if (answers(car, inquiry.outcome, state))
        applyOutcome(state, car, inquiry.outcome, ctx);
      return;
    }
    ctx.changes.car(
      car,
      car.operation === 'rollback'
        ? {
            bucket: 'rollback-pending',
            reason: `rollback waits: ${NEVER_SENT}`,
          }
        : { bucket: 'pending', reason: `pending: ${NEVER_SENT}` },
    );
    this.io.logger.log(
      `rollout=${state.rollout.id} car=${car.carId} ${NEVER_SENT}`,
    );
  }

  /**
   * `fn` over every item with up to `sendConcurrency` waiting for answers, at most `sendsPerTurn` starting per
   * turn of the event loop: a stage of thousands of cars is sent as fast as the updates module accepts them, while
   * MQTT acknowledgements and car answers still run in between (a synchronous database driver would otherwise hold
   * the loop for the synchronous part of every car at once). Results in input order.
   */
  private eachBounded<T, R>(
    items: readonly T[],
    fn: (item: T) => Promise<R>,
  ): Promise<R[]> {
    const { sendConcurrency, sendsPerTurn } = this.io.options;
    return mapPaced(
      items,
      { concurrency: sendConcurrency, perTurn: sendsPerTurn },
      fn,
    );
  }

  /** Every wait has a timeout: a hung dispatcher leaves the car in flight, to be asked about later. */
  private async withTimeout<T>(
    promise: Promise<T>,
  ): Promise<T | { error: string }> {
    const ms = this.io.options.sendTimeoutMs;
    try {
      return await withTimeout(promise, ms, 'the dispatcher');
    } catch (error) {
      return {
        error:
          error instanceof TimeoutError
            ? `no answer within ${ms} ms`
            : (error as Error).message,
      };
    }
  }
}

function inquiryKey(state: RolloutState, car: CarRecord): string {
  return `${state.rollout.id}/${car.carId}`;
}

export function dispatchContext(
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
