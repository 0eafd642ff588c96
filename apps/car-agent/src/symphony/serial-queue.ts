/** Runs tasks one at a time; refuses new ones while `maxQueued` tasks already wait behind the running one. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private unfinished = 0;

  constructor(private readonly maxQueued: number) {}

  /** The task's promise, or null when the queue is full. */
  enqueue<T>(task: () => Promise<T>): Promise<T> | null {
    if (this.unfinished > this.maxQueued) return null;
    this.unfinished++;
    const run = this.tail.then(task).finally(() => this.unfinished--);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Tasks waiting behind the running one. */
  get queued(): number {
    return Math.max(0, this.unfinished - 1);
  }
}
