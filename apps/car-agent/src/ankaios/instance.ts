import type { ExecutionState } from '@fleet/shared/contracts';
import type { RenderedWorkload } from '@fleet/shared/ankaios/util';
import type { WorkloadRunner } from './workload-runner';

/**
 * A workload instance the cluster knows. Instances of this agent have a runner; those of other agents (never
 * connected to this car's server) and unscheduled ones (empty agent) only carry the state the server gives them.
 */
export interface Instance {
  workload: RenderedWorkload;
  agent: string;
  state: ExecutionState;
  runner?: WorkloadRunner;
  /** The agent has picked the workload up (Pending(Initial) is over). */
  dispatched: boolean;
  deleteRequested: boolean;
}

export const instanceKey = (i: Pick<Instance, 'agent' | 'workload'>) => `${i.agent}/${i.workload.name}/${i.workload.instanceId}`;
