import { CoaState, FleetProviderState, isCoaOk } from '@fleet/shared/contracts';
import type {
  ComponentResultSpec,
  SummarySpec,
  UpdatePlanStep,
  UpdateResult,
} from '@fleet/shared/contracts';
import { parseJsonBody, targetOutcome } from '@fleet/shared/symphony/util';
import type { DeploymentPlan } from '@fleet/shared/symphony/util';

export type FinishedResult = Exclude<UpdateResult, 'pending'>;

/** How one reconcile of one Instance on one Target ended. */
export interface ReconcileOutcome {
  result: FinishedResult;
  /** The COA state of the car's answer, or the provider's code when none came. */
  coaState: number | null;
  /** The summary message first, then each component's. */
  messages: string[];
  components: Record<string, ComponentResultSpec>;
  plan: UpdatePlanStep[];
  /** Nothing had to change. */
  skipped: boolean;
  summary: SummarySpec | null;
  /**
   * No answer came in time (provider timeout): `result` says failed for callers that must go on, but the
   * summary says unknown until a late answer or a COA GET confirms what the car did.
   */
  unconfirmed?: boolean;
  /** Per target, when the instance deploys to several. */
  targets?: Record<string, ReconcileOutcome>;
}

export function planSteps(plan: DeploymentPlan): UpdatePlanStep[] {
  return plan.steps.map((s) => ({
    component: s.component.name,
    action: s.action,
    reason: s.reason,
  }));
}

/** The SummarySpec in a COA answer's body, or null when the body is text or not a summary. */
export function summaryOf(bodyText: string): SummarySpec | null {
  const parsed = parseJsonBody(bodyText);
  if (!parsed.ok) return null;
  const v = parsed.value as Partial<SummarySpec> | null;
  return v && typeof v === 'object' && typeof v.targetCount === 'number'
    ? (v as SummarySpec)
    : null;
}

/**
 * What the car's answer to POST means. Interrupted (19001) beats everything: the car restored its
 * previous software and takes the deployment again once parked. 409 is the parked-only refusal.
 */
export function classifyApply(
  state: number,
  summary: SummarySpec | null,
  target: string,
): FinishedResult {
  const result = summary?.targets?.[target];
  const outcome = result ? targetOutcome(result) : null;
  if (state === FleetProviderState.Interrupted || outcome === 'interrupted')
    return 'interrupted';
  if (state === CoaState.Conflict) return 'refused';
  if (
    isCoaOk(state) &&
    (outcome === 'succeeded' ||
      (!result && summary?.successCount === summary?.targetCount))
  )
    return 'succeeded';
  return 'failed';
}

/** The lines a person reads: the summary message, then each component's own. */
export function messagesOf(
  summary: SummarySpec | null,
  fallback: string,
  target: string,
): string[] {
  const lines = [
    summary?.message || summary?.targets?.[target]?.message || fallback,
  ];
  for (const [name, r] of Object.entries(
    summary?.targets?.[target]?.components ?? {},
  ))
    lines.push(`${name}: ${r.message}`);
  return lines.filter((l) => l.length > 0);
}
