/** At most `limit` holders at once; at most `maxWaiting` callers wait, later ones are refused. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly limit: number,
    private readonly maxWaiting: number,
  ) {}

  /** Resolves with the release function; rejects at once when the wait list is full. */
  acquire(): Promise<() => void> {
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.maxWaiting)
      return Promise.reject(
        new Error(`${this.maxWaiting} deployments already wait for a slot`),
      );
    return new Promise((resolve) =>
      this.waiting.push(() => resolve(this.releaser())),
    );
  }

  get running(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    };
  }
}
