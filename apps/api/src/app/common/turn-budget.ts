import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Lets at most `perTurn` callers go on per turn of the event loop; the rest wait for the following turns, in the
 * order they asked. For work that keeps many items in flight (each waiting on I/O most of its time) but whose
 * synchronous parts must not take a turn all together: with a synchronous database driver a few hundred cars
 * accepted in one turn would hold MQTT acknowledgements and answers back for a long stretch.
 */
export class TurnBudget {
  private readonly waiting: Array<() => void> = [];
  private scheduled = false;

  constructor(readonly perTurn: number) {
    if (!Number.isInteger(perTurn) || perTurn < 1) throw new RangeError(`perTurn must be a whole number ≥ 1, got ${perTurn}`);
  }

  /** Callers still waiting for a turn. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves in a later turn (never in the caller's), once this caller's place comes. */
  next(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    void nextTurn().then(() => {
      this.scheduled = false;
      for (const resolve of this.waiting.splice(0, this.perTurn)) resolve();
      if (this.waiting.length > 0) this.schedule();
    });
  }
}
