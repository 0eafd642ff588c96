import type { Scheduler, TimerHandle } from './scheduler';

interface FakeTimer {
  id: number;
  at: number;
  callback: () => void;
}

/** A deterministic clock for tests: timers fire only when the test advances time. */
export class FakeScheduler implements Scheduler {
  private time = 0;
  private nextId = 1;
  private timers: FakeTimer[] = [];

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const timer = { id: this.nextId++, at: this.time + Math.max(0, ms), callback };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** Timers still waiting. */
  pending(): number {
    return this.timers.length;
  }

  /** Moves the clock forward, firing every timer due on the way in time order (including ones they schedule). */
  advance(ms: number): void {
    const until = this.time + ms;
    for (let next = this.earliest(until); next; next = this.earliest(until)) {
      this.timers = this.timers.filter((t) => t !== next);
      this.time = next.at;
      next.callback();
    }
    this.time = until;
  }

  /** Fires timers until none is left or `maxMs` of fake time has passed. */
  runAll(maxMs = 24 * 3600 * 1000): void {
    this.advance(maxMs);
  }

  private earliest(until: number): FakeTimer | undefined {
    let best: FakeTimer | undefined;
    for (const t of this.timers) if (t.at <= until && (!best || t.at < best.at || (t.at === best.at && t.id < best.id))) best = t;
    return best;
  }
}
