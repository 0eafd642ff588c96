// Inter-workload dependencies (inter-workload-dependencies.md): a workload starts once every dependency has
// reached its AddCondition; a workload others depend on with ADD_COND_RUNNING is deleted only once those
// dependents are neither pending nor running (implicit dependency, Stopping(WaitingToStop) meanwhile).
import type { ExecutionState } from '@fleet/shared/contracts';
import { addConditionFulfilled, deleteConditionFulfilled } from '@fleet/shared/ankaios/util';
import type { Instance } from './instance';

/** The state Ankaios' state store holds for a workload name: that of its newest instance. */
export function stateOfWorkload(name: string, instances: readonly Instance[]): ExecutionState | undefined {
  for (let i = instances.length - 1; i >= 0; i--) if (instances[i].workload.name === name) return instances[i].state;
  return undefined;
}

export function unmetDependencies(instance: Instance, instances: readonly Instance[]): string[] {
  return Object.entries(instance.workload.spec.dependencies ?? {})
    .filter(([name, condition]) => !addConditionFulfilled(condition, stateOfWorkload(name, instances)))
    .map(([name, condition]) => `${name} (${condition})`);
}

/** Workloads that still hold `instance` back from being deleted. */
export function blockingDependents(instance: Instance, instances: readonly Instance[]): string[] {
  const name = instance.workload.name;
  return instances
    .filter((other) => other !== instance && other.workload.name !== name)
    .filter((other) => other.workload.spec.dependencies?.[name] === 'ADD_COND_RUNNING')
    .filter((other) => !deleteConditionFulfilled(other.state))
    .map((other) => other.workload.name);
}
