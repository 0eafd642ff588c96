import { Injectable } from '@nestjs/common';

export type TimerHandle = { readonly id: unknown };

/** Time and timers behind one injectable, so that services with timeouts and backoff are testable. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  nowIso(): string {
    return this.now().toISOString();
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const timer = setTimeout(callback, ms);
    timer.unref();
    return { id: timer };
  }

  clearTimeout(handle: TimerHandle): void {
    clearTimeout(handle.id as NodeJS.Timeout);
  }

  setInterval(callback: () => void, ms: number): TimerHandle {
    const timer = setInterval(callback, ms);
    timer.unref();
    return { id: timer };
  }

  clearInterval(handle: TimerHandle): void {
    clearInterval(handle.id as NodeJS.Timeout);
  }
}
