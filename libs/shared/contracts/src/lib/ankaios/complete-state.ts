import { ExecutionState } from './execution-state';

export type RestartPolicy = 'NEVER' | 'ON_FAILURE' | 'ALWAYS';
export type AddCondition = 'ADD_COND_RUNNING' | 'ADD_COND_SUCCEEDED' | 'ADD_COND_FAILED';

/** Real runtimes Ankaios knows, plus the simulator's own runtime for purely simulated workloads. */
export const KNOWN_RUNTIMES = ['podman', 'podman-kube', 'containerd', 'simulated'] as const;

export interface ControlInterfaceAccess {
  allowRules?: unknown[];
  denyRules?: unknown[];
}

export interface WorkloadSpec {
  agent: string;
  runtime: string;
  restartPolicy?: RestartPolicy;
  dependencies?: Record<string, AddCondition>;
  tags?: Record<string, string>;
  /** A YAML string, e.g. `image: registry/app:1.2.3`. */
  runtimeConfig: string;
  /** Alias in the workload -> name of a config in `desiredState.configs`. */
  configs?: Record<string, string>;
  files?: { mountPoint: string; data?: string; binaryData?: string }[];
  controlInterfaceAccess?: ControlInterfaceAccess;
}

export type ConfigItem = string | ConfigItem[] | { [key: string]: ConfigItem };

export interface DesiredState {
  apiVersion: string;
  workloads: Record<string, WorkloadSpec>;
  configs: Record<string, ConfigItem>;
}

/** `workloadStates[agent][workload][instanceId]`. */
export type WorkloadStatesMap = Record<string, Record<string, Record<string, ExecutionState>>>;

export interface AgentAttributes {
  status: { cpuUsage: number; freeMemory: number };
  tags: Record<string, string>;
}

/** The CompleteState as `ank get state -o json` prints it. */
export interface CompleteState {
  desiredState: DesiredState;
  workloadStates: WorkloadStatesMap;
  agents: Record<string, AgentAttributes>;
}

/** A workload instance as the Ankaios SDK names it in apply/delete answers. */
export interface SdkWorkloadInstanceName {
  agent_name: string;
  workload_name: string;
  workload_id: string;
}

/** Answer on `vehicle/<id>/manifest/apply/resp` and `.../delete/resp` (the SDK's snake_case). */
export interface ManifestResponse {
  added_workloads: SdkWorkloadInstanceName[];
  deleted_workloads: SdkWorkloadInstanceName[];
  /** Present only when the request failed; the lists are then empty. */
  error?: string;
}

/** Answer on `vehicle/<id>/state/resp` (the SDK's snake_case dictionaries). */
export interface SdkCompleteState {
  desired_state?: { api_version: string; workloads: Record<string, unknown>; configs: Record<string, unknown> };
  workload_states?: Record<
    string,
    Record<string, Record<string, { state: string; substate: string; additional_info: string }>>
  >;
  agents?: Record<string, { tags: Record<string, string>; status: { cpu_usage: number; free_memory: number } }>;
  error?: string;
}
