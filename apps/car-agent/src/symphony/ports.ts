// What the Symphony target agent needs from the rest of the car-agent process. The real SimulatedCluster,
// the agent's Clock and its JSON logger fit these shapes as they are.
import type {
  CompleteState,
  DesiredState,
  ExecutionState,
  ManifestResponse,
  VehicleState,
  WorkloadHealth,
} from '@fleet/shared/contracts';

/** The slice of `SimulatedCluster` (apps/car-agent/src/ankaios) the target agent uses. */
export interface SymphonyCluster {
  updateState(state: Partial<CompleteState>, updateMask: string[]): ManifestResponse;
  getCompleteState(masks?: string[]): CompleteState;
  /** This agent's workloads: workload -> instance id -> state. */
  workloadStates(): Record<string, Record<string, ExecutionState>>;
  /** Health of this agent's workloads (instances being deleted left out). */
  health(): Record<string, WorkloadHealth>;
  onChange(listener: () => void): () => void;
  snapshot(): DesiredState;
  restore(state: DesiredState): void;
}

export interface VehiclePort {
  state(): VehicleState;
  /** Calls back on every change; returns the unsubscribe function. */
  onChange(listener: (state: VehicleState) => void): () => void;
}

export interface TimerPort {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export type LogFields = Record<string, unknown>;

export interface LogPort {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** Publishes one MQTT message; may return a promise that rejects on failure. */
export type PublishFn = (topic: string, payload: string) => void | Promise<void>;
