import type { LogPort, PublishFn, SymphonyCluster, TimerPort, VehiclePort } from './ports';

export interface SymphonyTimeouts {
  /** How long an update may take until every workload runs healthy; then it fails and is rolled back. */
  healthTimeoutMs: number;
  /** How long to wait for the previous workloads to run again after a rollback (the answer waits for it). */
  restoreTimeoutMs: number;
  /** Re-check interval besides the cluster's change events. */
  pollIntervalMs: number;
}

export const DEFAULT_SYMPHONY_TIMEOUTS: SymphonyTimeouts = {
  healthTimeoutMs: 120_000,
  restoreTimeoutMs: 30_000,
  pollIntervalMs: 1_000,
};

export interface SymphonyTargetAgentOptions {
  /** This car's Symphony Target, `car-<id>`; names the request and response topics. */
  targetName: string;
  /** This car's Ankaios agent name (the car id). */
  agentName: string;
  cluster: SymphonyCluster;
  vehicle: VehiclePort;
  publish: PublishFn;
  clock: TimerPort;
  log: LogPort;
  timeouts?: Partial<SymphonyTimeouts>;
  /** POST/DELETE requests waiting behind the one in progress before new ones are refused. */
  maxQueued?: number;
}

export const DEFAULT_MAX_QUEUED = 8;
/** Answers kept for duplicate requests. */
export const ANSWER_CACHE_SIZE = 64;
