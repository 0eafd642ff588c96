// POST on route `instances`: bring the car to the deployment's components, wait until they run healthy,
// and roll back to the previous workloads on failure or when the vehicle starts driving.
import { CoaState, FleetProviderState, type DesiredState } from '@fleet/shared/contracts';
import {
  ankaiosSettings,
  componentsForTarget,
  componentsToWorkloads,
  formatErrorFields,
  planDeployment,
  validateAnkaiosComponents,
  type DeploymentPlan,
} from '@fleet/shared/symphony/util';
import { currentComponents } from './current-components';
import type { DeploymentRequest } from './deployment-request';
import { restorePrevious } from './restore';
import { answer, INSTANCE_TAG, names, resultsFor, type TransactionAnswer, type TransactionContext } from './transaction';
import { failureResults, successResults } from './install-results';
import { waitForWorkloads } from './wait-for-workloads';
import { writeWorkloads } from './workload-changes';

export async function install(ctx: TransactionContext, request: DeploymentRequest): Promise<TransactionAnswer> {
  const desired = componentsForTarget(request.deployment, ctx.targetName);
  const planned = desired.length;
  const invalid = validateAnkaiosComponents(desired, { checkRuntimeConfigYaml: true });
  if (invalid.length > 0) {
    const message = `validation failed: ${formatErrorFields(invalid).trim().replace(/\n/g, '; ')}`;
    return answer(ctx, request, CoaState.BadRequest, resultsFor(names(desired), CoaState.ValidateFailed, message), { message, planned });
  }
  if (request.deployment.isDryRun) {
    const message = `dry run: ${request.solutionRef} is valid for ${ctx.targetName}; nothing applied`;
    return answer(ctx, request, CoaState.OK, resultsFor(names(desired), CoaState.Untouched, 'dry run'), { message, planned, skipped: true });
  }
  const previous = ctx.cluster.snapshot();
  const plan = planDeployment(desired, currentComponents(previous, ctx.agentName, desired, request.instanceName), ctx.agentName);
  if (plan.steps.length === 0) {
    const message = `${request.solutionRef} already runs on ${ctx.targetName}`;
    return answer(ctx, request, CoaState.OK, resultsFor(plan.unchanged, CoaState.Untouched, 'unchanged'), { message, planned, skipped: true });
  }
  return apply(ctx, request, plan, previous, planned);
}

async function apply(
  ctx: TransactionContext,
  request: DeploymentRequest,
  plan: DeploymentPlan,
  previous: DesiredState,
  planned: number,
): Promise<TransactionAnswer> {
  const updates = plan.steps.filter((s) => s.action === 'update').map((s) => s.component);
  const deletes = plan.steps.filter((s) => s.action === 'delete').map((s) => s.component.name);
  const touched = [...names(updates), ...deletes];
  const workloads = componentsToWorkloads(updates, ctx.agentName, { tags: { [INSTANCE_TAG]: request.instanceName } });
  const refused = writeWorkloads(ctx.cluster, previous.apiVersion, workloads, deletes);
  if (refused) {
    const message = `update to ${request.solutionRef} refused by Ankaios: ${refused}`;
    const results = { ...resultsFor(plan.unchanged, CoaState.Untouched, 'unchanged'), ...resultsFor(names(updates), CoaState.UpdateFailed, refused), ...resultsFor(deletes, CoaState.DeleteFailed, refused) };
    return answer(ctx, request, CoaState.InternalError, results, { message, planned });
  }
  ctx.log.info('symphony: update applied, waiting for workloads', { solution: request.solutionRef, updated: names(updates), deleted: deletes });
  // Workloads of other agents never start on this car's simulated server, so only this agent's are watched.
  const observed = updates.filter((c) => ankaiosSettings(c, ctx.agentName).agent === ctx.agentName).map((c) => c.name);
  const outcome = await waitForWorkloads(
    { running: observed, gone: deletes },
    { cluster: ctx.cluster, clock: ctx.clock, timeoutMs: ctx.timeouts.healthTimeoutMs, pollIntervalMs: ctx.timeouts.pollIntervalMs, interruption: ctx.interruption },
  );
  if (outcome.kind === 'ready') {
    const message = `${request.solutionRef} runs on ${ctx.targetName}: ${updates.length} updated, ${deletes.length} deleted, ${plan.unchanged.length} unchanged`;
    return answer(ctx, request, CoaState.OK, successResults(ctx, plan, updates, deletes), { message, planned });
  }
  const restored = await restorePrevious(ctx, previous, touched);
  const failure = failureResults(ctx, request, plan, updates, deletes, outcome, restored);
  const state = outcome.kind === 'interrupted' ? FleetProviderState.Interrupted : CoaState.InternalError;
  ctx.log.warn('symphony: update rolled back', { solution: request.solutionRef, outcome: outcome.kind, message: failure.message });
  return answer(ctx, request, state, failure.results, { message: failure.message, planned });
}
