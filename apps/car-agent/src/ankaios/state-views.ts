import type {
  AgentAttributes,
  CompleteState,
  DesiredState,
  ExecutionState,
  SdkWorkloadInstanceName,
  WorkloadHealth,
} from '@fleet/shared/contracts';
import { hasOwn, type RenderedWorkload } from '@fleet/shared/ankaios/util';
import type { Instance } from './instance';

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
  for (const instance of instances) addState((workloadStates[instance.agent] ??= {}), instance);
  return workloadStates;
}

/**
 * One agent's slice of `workloadStates`: workload -> instance id -> state (copies), as `workloadStatesOf(…)[agent]`
 * gives it. Built without the agent's level: an object literal that gets a property named after the car is a new
 * hidden class for every car (a micro-benchmark with 10,000 cars: 1.4-1.6 µs a call with that level, 0.55 µs
 * without). A car's update asks for it on every change of its workloads (the readiness check) and in every
 * report: workloadStatesOf took 4.9 % of the agent host's CPU samples in a 10,000-car update, this 1.4 %.
 */
export function agentWorkloadStates(
  instances: readonly Instance[],
  agentName: string,
): Record<string, Record<string, ExecutionState>> {
  const byName: Record<string, Record<string, ExecutionState>> = {};
  for (const instance of instances) if (instance.agent === agentName) addState(byName, instance);
  return byName;
}

/** Adds a copy of the instance's state under its workload and id, unless one is there already. */
function addState(byName: Record<string, Record<string, ExecutionState>>, instance: Instance): void {
  const byId = (byName[instance.workload.name] ??= {});
  // An instance being replaced under the same id keeps its entry until it is gone.
  if (!hasOwn(byId, instance.workload.instanceId)) byId[instance.workload.instanceId] = { ...instance.state };
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
