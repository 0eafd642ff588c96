import type { LogLevel } from '@fleet/shared/contracts';
import type { Scheduler } from './scheduler';

export interface ClusterLogLine {
  workload: string;
  level: LogLevel;
  message: string;
}

/** Retry of a failed start: full-jitter exponential backoff (Ankaios' RetryManager), capped, a fixed number of attempts. */
export interface RetryOptions {
  /** Retries after the first failed start before Pending(StartingFailed). */
  maxRetries: number;
  /** Backoff ceiling of retry n is min(baseMs * 2^n, maxMs); the delay is uniform in [0, ceiling]. */
  baseMs: number;
  maxMs: number;
}

export interface SimulatedClusterOptions {
  /** The car id: this Ankaios agent's name. */
  agentName: string;
  /** Agent tags (region, model, ...). */
  tags: Record<string, string>;
  /** Region for fault rules with a `region`; defaults to `tags.region`. */
  region?: string;
  /** 1 = realistic durations (start ~0.5-2 s), 10 = ten times faster. */
  speed?: number;
  /** Random source in [0, 1); default Math.random. */
  random?: () => number;
  /** Timers; default real timers. */
  scheduler?: Scheduler;
  log?: (line: ClusterLogLine) => void;
  retry?: Partial<RetryOptions>;
}

/** `workload` of log lines that belong to the cluster itself (manifest errors, warnings). */
export const CLUSTER_LOG_SOURCE = 'ank-agent';
