import type { Clock, TimerHandle } from '../agent/clock';

/** An interval that can be started and stopped more than once. */
export class Periodic {
  private handle: TimerHandle | null = null;

  constructor(private readonly clock: Clock, private readonly everyMs: number, private readonly run: () => void) {}

  start(): void {
    if (this.handle === null) this.handle = this.clock.setInterval(this.run, this.everyMs);
  }

  stop(): void {
    if (this.handle !== null) this.clock.clearInterval(this.handle);
    this.handle = null;
  }
}
