import { Clock, TimerHandle } from '../app/common/clock';

interface FakeTimer {
  id: number;
  at: number;
  every: number | null;
  callback: () => void;
}

/** A clock whose time moves only through `advance`, running due timers in order. */
export class FakeClock extends Clock {
  private time: number;
  private timers: FakeTimer[] = [];
  private nextId = 1;

  constructor(start = '2026-01-01T00:00:00.000Z') {
    super();
    this.time = Date.parse(start);
  }

  override now(): Date {
    return new Date(this.time);
  }

  override setTimeout(callback: () => void, ms: number): TimerHandle {
    return this.add(callback, ms, null);
  }

  override clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.id !== handle.id);
  }

  override setInterval(callback: () => void, ms: number): TimerHandle {
    return this.add(callback, ms, ms);
  }

  override clearInterval(handle: TimerHandle): void {
    this.clearTimeout(handle);
  }

  get pendingTimers(): number {
    return this.timers.length;
  }

  /** The delays (from now) of the timers still pending. */
  get pendingDelays(): number[] {
    return this.timers.map((t) => t.at - this.time).sort((a, b) => a - b);
  }

  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = this.timers
        .filter((t) => t.at <= end)
        .sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.time = due.at;
      if (due.every === null) this.clearTimeout(due);
      else due.at += due.every;
      due.callback();
    }
    this.time = end;
  }

  private add(
    callback: () => void,
    ms: number,
    every: number | null,
  ): TimerHandle {
    const timer = { id: this.nextId++, at: this.time + ms, every, callback };
    this.timers.push(timer);
    return { id: timer.id };
  }
}
