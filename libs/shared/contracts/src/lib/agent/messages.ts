import type { ExecutionState } from '../ankaios/execution-state';
import type { VehicleState } from '../cars/car';

export const AGENT_PROTOCOL_VERSION = '1';

/** Retained on `fleet/cars/<id>/status`; the last will publishes `online: false`. */
export interface AgentStatusMessage {
  name: string;
  online: boolean;
  /** A fresh id per agent process, so a second agent with the same name can be told apart. */
  instanceId: string;
  at: string;
}

/** `fleet/cars/<id>/hello`: sent once per connection. */
export interface AgentHello {
  name: string;
  protocolVersion: string;
  instanceId: string;
  tags: Record<string, string>;
  pid: number;
  startedAt: string;
}

/** `fleet/cars/<id>/load`: every 2 s. */
export interface AgentLoad {
  cpuUsage: number;
  freeMemory: number;
}

/** `fleet/cars/<id>/vehicle`: on change and periodically. */
export interface VehicleTelemetry {
  state: VehicleState;
  speedKmh: number;
  batteryPct: number;
  region: string;
  at: string;
}

/** `fleet/cars/<id>/workload-states`: on every change of the car's workload states. */
export interface WorkloadStatesReport {
  agent: string;
  /** `workload -> instanceId -> state`, the agent's slice of Ankaios' `workloadStates`. */
  workloadStates: Record<string, Record<string, ExecutionState>>;
  /** The image tag every workload shares, `mixed` when they differ, null with no workloads. */
  version: string | null;
  /**
   * Health beyond "running" (Ankaios only knows running, issue #109): per workload, from the simulated
   * runtime's health signal. Rollouts look at it after their soak time.
   */
  health: Record<string, WorkloadHealth>;
  at: string;
}

export type WorkloadHealth = 'healthy' | 'unhealthy' | 'unknown';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** One line on `fleet/cars/<id>/logs` (published in small batches: `LogLine[]`). */
export interface LogLine {
  carId: string;
  workload: string;
  at: string;
  level: LogLevel;
  message: string;
}

/** API -> car on `fleet/cars/<id>/command`. */
export type CarCommand =
  | { requestId: string; type: 'set-vehicle-state'; state: VehicleState }
  | { requestId: string; type: 'shutdown' }
  | { requestId: string; type: 'refuse'; reason: string; instanceId: string };

/** Car -> API on `fleet/cars/<id>/command/resp`. */
export interface CarCommandResult {
  requestId: string;
  ok: boolean;
  error?: string;
  /** When the car carried the command out, by its clock (set-vehicle-state answers carry it). */
  at?: string;
}
