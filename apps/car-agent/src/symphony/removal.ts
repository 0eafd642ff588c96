// DELETE on route `instances`: remove the deployment's components from the car, restoring them if the
// removal cannot finish or the vehicle starts driving.
import { CoaState, FleetProviderState } from '@fleet/shared/contracts';
import { componentsForTarget, planRemoval, workloadsToComponents } from '@fleet/shared/symphony/util';
import type { DeploymentRequest } from './deployment-request';
import { INTERRUPTED_MESSAGE } from './install-results';
import { restorePrevious } from './restore';
import { answer, names, resultsFor, type TransactionAnswer, type TransactionContext } from './transaction';
import { waitForWorkloads } from './wait-for-workloads';
import { writeWorkloads } from './workload-changes';

export async function remove(ctx: TransactionContext, request: DeploymentRequest): Promise<TransactionAnswer> {
  const desired = componentsForTarget(request.deployment, ctx.targetName);
  const previous = ctx.cluster.snapshot();
  const plan = planRemoval(desired, workloadsToComponents(previous.workloads, ctx.agentName));
  const deletes = plan.steps.map((s) => s.component.name);
  const absent = names(desired).filter((n) => !deletes.includes(n));
  const extra = { planned: desired.length, isRemoval: true };
  const results = resultsFor(absent, CoaState.Deleted, 'not present');
  if (deletes.length === 0)
    return answer(ctx, request, CoaState.OK, results, { ...extra, skipped: true, message: `${request.solutionRef} is not on ${ctx.targetName}` });
  const refused = writeWorkloads(ctx.cluster, previous.apiVersion, {}, deletes);
  if (refused)
    return answer(ctx, request, CoaState.InternalError, { ...results, ...resultsFor(deletes, CoaState.DeleteFailed, refused) }, { ...extra, message: `removal refused by Ankaios: ${refused}` });
  const outcome = await waitForWorkloads(
    { running: [], gone: deletes },
    { cluster: ctx.cluster, clock: ctx.clock, timeoutMs: ctx.timeouts.healthTimeoutMs, pollIntervalMs: ctx.timeouts.pollIntervalMs, interruption: ctx.interruption },
  );
  if (outcome.kind === 'ready')
    return answer(ctx, request, CoaState.OK, { ...results, ...resultsFor(deletes, CoaState.Deleted, 'deleted') }, { ...extra, message: `${request.solutionRef} removed from ${ctx.targetName}` });
  const restored = await restorePrevious(ctx, previous, deletes);
  const restoredText = restored.kind === 'restored' ? 'workloads restored' : `workloads restored, not all running yet (${restored.detail})`;
  if (outcome.kind === 'interrupted') {
    const text = `${INTERRUPTED_MESSAGE}; ${restoredText}`;
    return answer(ctx, request, FleetProviderState.Interrupted, { ...results, ...resultsFor(deletes, FleetProviderState.Interrupted, text) }, { ...extra, message: text });
  }
  const cause =
    outcome.kind === 'timeout'
      ? `not gone within ${Math.round(ctx.timeouts.healthTimeoutMs / 1000)} s (${Object.entries(outcome.pending).map(([n, d]) => `${n}: ${d}`).join('; ')})`
      : `${outcome.workload} ${outcome.detail}`;
  const message = `removal of ${request.solutionRef} failed: ${cause}; ${restoredText}`;
  return answer(ctx, request, CoaState.InternalError, { ...results, ...resultsFor(deletes, CoaState.DeleteFailed, cause) }, { ...extra, message });
}
