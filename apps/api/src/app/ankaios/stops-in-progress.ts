/** Stops (and discards) still in progress, per car: a later stop of the same car runs after the earlier one. */
export class StopsInProgress {
  private readonly stopping = new Map<string, Promise<void>>();

  /** The car's unfinished stop, if any. */
  get(carId: string): Promise<void> | undefined {
    return this.stopping.get(carId);
  }

  /** Runs `stop` after the car's earlier stop and remembers it until it has finished. */
  async run(carId: string, stop: () => Promise<void>): Promise<void> {
    // Without an earlier stop this one begins at once (synchronously), as callers and timers expect.
    const previous = this.stopping.get(carId);
    const current = previous
      ? previous.catch(() => undefined).then(stop)
      : stop();
    this.stopping.set(carId, current);
    try {
      await current;
    } finally {
      if (this.stopping.get(carId) === current) this.stopping.delete(carId);
    }
  }
}
