import type { RetryOptions } from './options';

/** Durations at speed 1, in ms. */
export const BASE_TIMING = {
  /** Pending(Initial) until the agent picks the workload up. */
  dispatchMs: 100,
  startMinMs: 500,
  startMaxMs: 2000,
  stopMinMs: 300,
  stopMaxMs: 1000,
  /** Running(Ok) until the health signal leaves `unknown`. */
  healthDelayMs: 3000,
  /** A `crash` fault without `afterSeconds` strikes this long after Running(Ok). */
  defaultCrashMs: 5000,
  /** A failed delete (Stopping(DeleteFailed)) is tried again after this. */
  deleteRetryMs: 1000,
} as const;

/**
 * Ankaios' RetryManager uses 500 ms * 2^n capped at 300 s (agent retry_manager.rs); agents before v1.0 stopped
 * after 20 attempts. The simulation keeps the backoff and stops after a few retries so that a broken image shows
 * Pending(StartingFailed) within seconds.
 */
export const DEFAULT_RETRY: RetryOptions = { maxRetries: 5, baseMs: 500, maxMs: 300_000 };

/** All simulated durations, divided by the speed factor. */
export class Timing {
  constructor(
    private readonly speed: number,
    private readonly random: () => number,
    readonly retry: RetryOptions,
  ) {}

  scale(ms: number): number {
    return ms / this.speed;
  }

  seconds(s: number): number {
    return this.scale(s * 1000);
  }

  between(minMs: number, maxMs: number): number {
    return this.scale(minMs + this.random() * (maxMs - minMs));
  }

  startDuration(): number {
    return this.between(BASE_TIMING.startMinMs, BASE_TIMING.startMaxMs);
  }

  stopDuration(): number {
    return this.between(BASE_TIMING.stopMinMs, BASE_TIMING.stopMaxMs);
  }

  /** Full jitter: uniform in [0, min(base * 2^retry, max)] for the retry with 0-based index `retry`. */
  backoff(retry: number): number {
    return this.scale(this.random() * Math.min(this.retry.baseMs * 2 ** retry, this.retry.maxMs));
  }
}
