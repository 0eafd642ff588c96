import { CoaState, FleetProviderState, formatExecutionState, type ComponentSpec } from '@fleet/shared/contracts';
import { ankaiosSettings, type DeploymentPlan } from '@fleet/shared/symphony/util';
import type { DeploymentRequest } from './deployment-request';
import type { RestoreOutcome } from './restore';
import { resultsFor, type ComponentResults, type TransactionContext } from './transaction';
import type { WaitOutcome } from './wait-for-workloads';

export const INTERRUPTED_MESSAGE = 'interrupted: vehicle started driving';

function runningState(ctx: TransactionContext, component: ComponentSpec): string {
  const agent = ankaiosSettings(component, ctx.agentName).agent;
  if (agent !== ctx.agentName) return `applied for agent ${agent} (not observed from ${ctx.agentName})`;
  const states = Object.values(ctx.cluster.workloadStates()[component.name] ?? {}).map(formatExecutionState);
  return `${states.join(', ') || 'Running(Ok)'}, healthy`;
}

export function successResults(
  ctx: TransactionContext,
  plan: DeploymentPlan,
  updates: readonly ComponentSpec[],
  deletes: readonly string[],
): ComponentResults {
  const results: ComponentResults = resultsFor(plan.unchanged, CoaState.Untouched, 'unchanged');
  for (const c of updates) results[c.name] = { status: CoaState.Updated, message: runningState(ctx, c) };
  return { ...results, ...resultsFor(deletes, CoaState.Deleted, 'deleted') };
}

export function failureResults(
  ctx: TransactionContext,
  request: DeploymentRequest,
  plan: DeploymentPlan,
  updates: readonly ComponentSpec[],
  deletes: readonly string[],
  outcome: Exclude<WaitOutcome, { kind: 'ready' }>,
  restored: RestoreOutcome,
): { results: ComponentResults; message: string } {
  const restoredText =
    restored.kind === 'restored' ? 'previous workloads restored' : `previous workloads restored, not all running yet (${restored.detail})`;
  const results: ComponentResults = resultsFor(plan.unchanged, CoaState.Untouched, 'unchanged');
  if (outcome.kind === 'interrupted') {
    const text = `${INTERRUPTED_MESSAGE}; ${restoredText}`;
    Object.assign(results, resultsFor(updates.map((c) => c.name), FleetProviderState.Interrupted, text), resultsFor(deletes, FleetProviderState.Interrupted, text));
    return { results, message: `${INTERRUPTED_MESSAGE}; update to ${request.solutionRef} stopped, ${restoredText}; it applies again once parked` };
  }
  const cause =
    outcome.kind === 'failed'
      ? `${outcome.workload} ${outcome.detail}`
      : `not running healthy within ${Math.round(ctx.timeouts.healthTimeoutMs / 1000)} s (${Object.entries(outcome.pending).map(([n, d]) => `${n}: ${d}`).join('; ')})`;
  for (const c of updates) {
    const own = outcome.kind === 'failed' ? outcome.workload === c.name : c.name in outcome.pending;
    const detail = outcome.kind === 'failed' ? outcome.detail : outcome.pending[c.name];
    results[c.name] = { status: CoaState.UpdateFailed, message: own ? `${detail}; rolled back` : `rolled back: ${cause}` };
  }
  Object.assign(results, resultsFor(deletes, CoaState.DeleteFailed, `restored: update rolled back (${cause})`));
  return { results, message: `update to ${request.solutionRef} failed: ${cause}; ${restoredText}` };
}
