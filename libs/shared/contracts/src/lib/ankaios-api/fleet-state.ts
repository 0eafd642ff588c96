import type { WorkloadHealth } from '../agent/messages';
import type {
  AgentAttributes,
  ConfigItem,
  WorkloadSpec,
  WorkloadStatesMap,
} from '../ankaios/complete-state';
import type { CarWorkloadView } from '../cars/workload';

/**
 * `GET /api/ankaios/state` without `agent`: one page of the fleet's agents as one multi-agent Ankaios view (the
 * paging itself travels in the `X-Total-Count` and `Link` headers, see FleetStateQueryDto). Every car is its own
 * Ankaios cluster (server + one agent named by the car id), and workload names are unique only per car, so the
 * desired state keeps each car's workloads and configs under its agent name:
 * `desiredState.workloads[agent][workload]`, `desiredState.configs[agent][config]`. `workloadStates` and
 * `agents` have exactly Ankaios' shape. With `?agent=<id>` the answer is that car's own `CompleteState`,
 * exactly what `ank get state -o json` prints on the car.
 */
export interface FleetCompleteState {
  desiredState: FleetDesiredState;
  workloadStates: WorkloadStatesMap;
  agents: Record<string, AgentAttributes>;
}

export interface FleetDesiredState {
  apiVersion: string;
  /** agent -> workload name -> workload. Only cars whose desired state the API has learned appear. */
  workloads: Record<string, Record<string, WorkloadSpec>>;
  /** agent -> config key -> config item. */
  configs: Record<string, Record<string, ConfigItem>>;
}

/** `GET /api/cars/:id/workloads`: one workload instance with its health beyond "running". */
export interface CarWorkloadDetail extends CarWorkloadView {
  health: WorkloadHealth;
}

/** Answer of `POST` and `DELETE /api/cars/:id/manifest`: the car's fleet-connector answer, unchanged. */
export type { ManifestResponse as CarManifestResult } from '../ankaios/complete-state';
