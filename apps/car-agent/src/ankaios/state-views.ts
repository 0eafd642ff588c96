import type {
  AgentAttributes,
  CompleteState,
  DesiredState,
  SdkWorkloadInstanceName,
  WorkloadHealth,
} from '@fleet/shared/contracts';
import type { RenderedWorkload } from '@fleet/shared/ankaios/util';
import { instanceKey, type Instance } from './instance';

export const sdkInstanceName = (w: RenderedWorkload): SdkWorkloadInstanceName => ({
  agent_name: w.spec.agent,
  workload_name: w.name,
  workload_id: w.instanceId,
});

/**
 * The CompleteState as a view that shares the cluster's live desired state and agent attributes: every query
 * copies what it hands out (filterByMasks, disconnectedView), so a copy here as well only doubled the work of
 * each state request.
 */
export function buildCompleteState(
  desired: DesiredState,
  instances: readonly Instance[],
  agentName: string,
  agent: AgentAttributes,
): CompleteState {
  return { desiredState: desired, workloadStates: workloadStatesOf(instances), agents: { [agentName]: agent } };
}

/** `workloadStates` of a CompleteState: agent -> workload -> instance id -> state (copies). */
export function workloadStatesOf(instances: readonly Instance[]): CompleteState['workloadStates'] {
  const workloadStates: CompleteState['workloadStates'] = {};
  const seen = new Set<string>();
  for (const instance of instances) {
    // An instance being replaced under the same id keeps its entry until it is gone.
    const key = instanceKey(instance);
    if (seen.has(key)) continue;
    seen.add(key);
    const byName = (workloadStates[instance.agent] ??= {});
    (byName[instance.workload.name] ??= {})[instance.workload.instanceId] = { ...instance.state };
  }
  return workloadStates;
}

/**
 * Health beyond "running": while Running(Ok) the simulated signal (`unknown` at first, then `healthy` or
 * `unhealthy`); Succeeded `healthy`; Failed and Pending(StartingFailed) `unhealthy`; anything else `unknown`.
 */
export function healthOf(instance: Instance): WorkloadHealth {
  const { state, subState } = instance.state;
  if (state === 'Running') return instance.runner?.health ?? 'unknown';
  if (state === 'Succeeded') return 'healthy';
  if (state === 'Failed' || subState === 'StartingFailed') return 'unhealthy';
  return 'unknown';
}
