import type {
  CarInquiry,
  CarOutcome,
  DispatchContext,
  DispatchResult,
  RolloutDispatcher,
} from '../engine/ports';
import type { CarOperation } from '../engine/records';

export interface SentCall {
  carId: string;
  operation: CarOperation;
  version: string | null;
  ctx: DispatchContext;
  outcome: CarOutcome | null;
}

/** Records every send; answers with queued refusals, else accepts. Outcomes are reported by the test. */
export class FakeDispatcher implements RolloutDispatcher {
  readonly calls: SentCall[] = [];
  private readonly refusals = new Map<string, DispatchResult[]>();
  /** When set, sends never answer (a hung downstream). */
  hang = false;
  /** When set, called as each send or inquiry starts; its promise holds the answer back (a slow downstream). */
  delay: ((carId: string) => Promise<void>) | null = null;

  refuseNext(
    carId: string,
    result: Extract<DispatchResult, { accepted: false }>,
  ): void {
    this.refusals.set(carId, [...(this.refusals.get(carId) ?? []), result]);
  }

  async dispatch(
    carId: string,
    version: string,
    ctx: DispatchContext,
  ): Promise<DispatchResult> {
    return this.record({
      carId,
      operation: 'update',
      version,
      ctx,
      outcome: null,
    });
  }

  async rollback(
    carId: string,
    toVersion: string | null,
    ctx: DispatchContext,
  ): Promise<DispatchResult> {
    return this.record({
      carId,
      operation: 'rollback',
      version: toVersion,
      ctx,
      outcome: null,
    });
  }

  async inquire(
    carId: string,
    operation: CarOperation,
    _version: string,
    ctx: DispatchContext,
  ): Promise<CarInquiry> {
    await this.delay?.(carId);
    const call = this.calls.find(
      (c) =>
        c.carId === carId && c.operation === operation && c.ctx.key === ctx.key,
    );
    if (!call) return { state: 'not-started' };
    return call.outcome
      ? { state: 'finished', outcome: call.outcome }
      : { state: 'in-flight' };
  }

  /** Sends of one car and operation, oldest first. */
  sent(carId: string, operation: CarOperation = 'update'): SentCall[] {
    return this.calls.filter(
      (c) => c.carId === carId && c.operation === operation,
    );
  }

  updatedCarIds(): string[] {
    return this.calls
      .filter((c) => c.operation === 'update')
      .map((c) => c.carId);
  }

  /** Marks the car's last send finished and returns the outcome to hand to the engine. */
  finish(
    carId: string,
    result: CarOutcome['result'],
    message: string = result,
  ): CarOutcome {
    const call = [...this.calls]
      .reverse()
      .find((c) => c.carId === carId && c.outcome === null);
    if (!call) throw new Error(`nothing in flight for ${carId}`);
    call.outcome = {
      carId,
      operation: call.operation,
      version: call.version ?? '',
      result,
      message,
    };
    return call.outcome;
  }

  private async record(call: SentCall): Promise<DispatchResult> {
    if (this.hang) return new Promise(() => undefined);
    await this.delay?.(call.carId);
    const queued = this.refusals.get(call.carId)?.shift();
    if (queued) return queued;
    this.calls.push(call);
    return { accepted: true };
  }
}
