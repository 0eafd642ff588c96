import type { WorkloadHealth } from '../agent/messages';
import type { ExecutionState } from '../ankaios/execution-state';
import type { CarView } from './car';

/** One workload instance of a car, as its agent last reported it. */
export interface CarWorkloadStatus {
  name: string;
  instanceId: string;
  executionState: ExecutionState;
  /** `State(SubState)`. */
  display: string;
  health: WorkloadHealth;
}

/** `GET /api/cars/:id/status`: the car plus the execution state and health of every workload. */
export interface CarStatus extends CarView {
  workloadStates: CarWorkloadStatus[];
  /** When the agent last reported its workload states; null before its first report. */
  workloadStatesAt: string | null;
}
