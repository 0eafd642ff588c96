// One pass of Ankaios' WorkloadScheduler over this agent's instances: start what may start, stop what may
// stop, and show why the rest waits (Pending(WaitingToStart), Stopping(WaitingToStop)).
import type { ExecutionState, LogLevel } from '@fleet/shared/contracts';
import { ExecutionStates } from '@fleet/shared/ankaios/util';
import { blockingDependents, unmetDependencies } from './dependencies';
import type { Instance } from './instance';

export interface ReconcileActions {
  setState(instance: Instance, state: ExecutionState): void;
  remove(instance: Instance): void;
  log(workload: string, level: LogLevel, message: string): void;
}

export function reconcilePass(instances: () => readonly Instance[], actions: ReconcileActions): void {
  for (const instance of [...instances()]) {
    if (!instances().includes(instance)) continue;
    if (instance.deleteRequested) reconcileDelete(instance, instances(), actions);
    else if (instance.runner && instance.dispatched && !instance.runner.started) reconcileStart(instance, instances(), actions);
  }
}

function reconcileDelete(instance: Instance, instances: readonly Instance[], actions: ReconcileActions): void {
  const runner = instance.runner;
  if (!runner || !runner.started) return actions.remove(instance);
  if (instance.state.state === 'Stopping' && instance.state.subState !== 'WaitingToStop') return;
  const blockers = blockingDependents(instance, instances);
  if (blockers.length === 0) return runner.delete();
  if (instance.state.subState === 'WaitingToStop') return;
  actions.setState(instance, ExecutionStates.waitingToStop());
  actions.log(instance.workload.name, 'info', `waiting to stop until ${blockers.join(', ')} no longer run`);
}

function reconcileStart(instance: Instance, instances: readonly Instance[], actions: ReconcileActions): void {
  // An update replaces the old instance first (delete, then create), as the agent's control loop does.
  const predecessor = instances.find(
    (i) => i !== instance && i.deleteRequested && i.agent === instance.agent && i.workload.name === instance.workload.name,
  );
  if (predecessor) return;
  const unmet = unmetDependencies(instance, instances);
  if (unmet.length === 0) return instance.runner?.start();
  if (instance.state.subState === 'WaitingToStart') return;
  actions.setState(instance, ExecutionStates.waitingToStart());
  actions.log(instance.workload.name, 'info', `waiting to start until ${unmet.join(', ')}`);
}
