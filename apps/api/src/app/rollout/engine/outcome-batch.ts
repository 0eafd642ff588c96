import { RolloutError } from './errors';
import type { CarOutcome } from './ports';

/** Bounds the outcomes waiting for the engine; past it they are refused and found by the periodic inquiry. */
export const MAX_WAITING_OUTCOMES = 50_000;

/**
 * Outcomes that arrive while the engine is busy (a stage of thousands of cars being sent) wait together and are
 * handed to `apply` in one task of the engine's queue: one commit and one pass for all of them, not one each.
 */
export class OutcomeBatch {
  private waiting: CarOutcome[] = [];
  private queued: Promise<void> | null = null;

  constructor(
    private readonly schedule: (task: () => Promise<void>) => Promise<void>,
    private readonly apply: (outcomes: CarOutcome[]) => Promise<void>,
  ) {}

  /** Resolves once this outcome has been applied. */
  add(outcome: CarOutcome): Promise<void> {
    if (this.waiting.length >= MAX_WAITING_OUTCOMES)
      return Promise.reject(
        new RolloutError(
          'busy',
          `${this.waiting.length} outcomes wait already; the car's state is asked for later`,
        ),
      );
    this.waiting.push(outcome);
    if (this.queued) return this.queued;
    const queued = this.schedule(() => {
      const outcomes = this.waiting.splice(0);
      this.queued = null;
      return this.apply(outcomes);
    });
    this.queued = queued;
    // Refused by a full queue: the outcomes wait on for the next one to schedule them (or for an inquiry).
    queued.catch(() => {
      if (this.queued === queued) this.queued = null;
    });
    return queued;
  }
}
