import type { Scheduler, TimerHandle } from './scheduler';

/**
 * Groups nested changes so that listeners hear once per operation or timer, and owns every timer so that
 * `stop()` can end them all.
 */
export class ChangeBatch {
  private listeners = new Set<() => void>();
  private timers = new Set<TimerHandle>();
  private depth = 0;
  private changed = false;
  private stoppedFlag = false;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly onListenerError: (error: unknown) => void,
  ) {}

  get stopped(): boolean {
    return this.stoppedFlag;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  markChanged(): void {
    this.changed = true;
  }

  /** Runs `fn`; when the outermost batch changed something, notifies every listener once. */
  run(fn: () => void): void {
    this.depth++;
    try {
      fn();
    } finally {
      this.depth--;
    }
    if (this.depth > 0 || !this.changed || this.stoppedFlag) return;
    this.changed = false;
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  schedule(callback: () => void, ms: number): TimerHandle {
    if (this.stoppedFlag) return undefined;
    const handle = this.scheduler.setTimeout(() => {
      this.timers.delete(handle);
      if (!this.stoppedFlag) this.run(callback);
    }, ms);
    this.timers.add(handle);
    return handle;
  }

  cancel(handle: TimerHandle): void {
    this.scheduler.clearTimeout(handle);
    this.timers.delete(handle);
  }

  stop(): void {
    this.stoppedFlag = true;
    for (const handle of this.timers) this.scheduler.clearTimeout(handle);
    this.timers.clear();
    this.listeners.clear();
  }
}
