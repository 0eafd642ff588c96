import type { ExecutionState } from '../ankaios/execution-state';

/** One workload instance of one car: `GET /api/cars/:id/workloads`. */
export interface CarWorkloadView {
  name: string;
  instanceId: string;
  runtime: string;
  /** The image reference from the rendered runtimeConfig, null when it names none. */
  image: string | null;
  /** The image tag. */
  version: string | null;
  restartPolicy: string;
  dependencies: Record<string, string>;
  executionState: ExecutionState;
  /** `State(SubState)`. */
  display: string;
}
