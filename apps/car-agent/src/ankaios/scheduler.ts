/** Timer abstraction so that the simulation runs on real timers in production and on a fake clock in tests. */
export interface Scheduler {
  /** Milliseconds on this scheduler's clock. */
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export type TimerHandle = unknown;

export const realScheduler: Scheduler = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => {
    const timer = setTimeout(callback, ms);
    // A simulated workload must never keep the agent process alive on its own.
    timer.unref?.();
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
