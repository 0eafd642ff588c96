// The Python SDK's dictionaries (ank-sdk-python CompleteState.to_dict): snake_case at the top, workloads as
// the SDK's Workload.to_dict (camelCase fields), execution states as the SDK's enum names. Like the SDK,
// the answer always has all three sections, empty where a field mask left them out.
import { toSdkState, type CompleteState, type ExecutionState, type SdkCompleteState } from '@fleet/shared/contracts';

type SdkExecutionState = { state: string; substate: string; additional_info: string };

/** `toSdkState`, except Stopping(Stopping), whose SDK substate is `STOPPING` (ank_base.proto). */
export function toSdkExecutionState(s: ExecutionState): SdkExecutionState {
  const { state, substate } = toSdkState(s);
  return { state, substate: s.state === 'Stopping' && s.subState === 'Stopping' ? 'STOPPING' : substate, additional_info: s.additionalInfo ?? '' };
}

export type PartialCompleteState = {
  desiredState?: Partial<CompleteState['desiredState']>;
  workloadStates?: CompleteState['workloadStates'];
  agents?: Partial<CompleteState['agents']>;
};

export function toSdkCompleteState(state: PartialCompleteState): SdkCompleteState {
  const workloadStates: NonNullable<SdkCompleteState['workload_states']> = {};
  for (const [agent, workloads] of Object.entries(state.workloadStates ?? {})) {
    workloadStates[agent] = {};
    for (const [name, instances] of Object.entries(workloads)) {
      workloadStates[agent][name] = {};
      for (const [id, s] of Object.entries(instances)) workloadStates[agent][name][id] = toSdkExecutionState(s);
    }
  }
  const agents: NonNullable<SdkCompleteState['agents']> = {};
  for (const [name, attributes] of Object.entries(state.agents ?? {})) {
    if (!attributes) continue;
    agents[name] = {
      tags: { ...(attributes.tags ?? {}) },
      status: { cpu_usage: attributes.status?.cpuUsage ?? 0, free_memory: attributes.status?.freeMemory ?? 0 },
    };
  }
  const desired = state.desiredState ?? {};
  return {
    desired_state: {
      api_version: desired.apiVersion ?? '',
      workloads: { ...(desired.workloads ?? {}) },
      configs: { ...(desired.configs ?? {}) },
    },
    workload_states: workloadStates,
    agents,
  };
}
