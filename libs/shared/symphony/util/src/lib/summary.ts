import {
  CoaState,
  FleetProviderState,
  SummaryState,
  type ComponentResultSpec,
  type SummaryResult,
  type SummarySpec,
  type SummaryStateCode,
  type TargetResultSpec,
} from '@fleet/shared/contracts';

/** Target statuses as Symphony's solution manager writes them. */
export const TargetStatus = {
  ok: 'OK',
  error: 'Error',
  /** The target did not answer in time: it may still finish. Not Symphony's word; never counted as failed. */
  unknown: 'Unknown',
} as const;

/** Component codes that count as "done as planned". */
const SUCCESS_CODES: readonly number[] = [CoaState.OK, CoaState.Updated, CoaState.Deleted, CoaState.Untouched];
/** Component codes that leave the component running as planned. */
const DEPLOYED_CODES: readonly number[] = [CoaState.OK, CoaState.Updated, CoaState.Untouched];

export function componentResult(status: number, message: string): ComponentResultSpec {
  return { status, message };
}

export function isComponentSuccess(status: number): boolean {
  return SUCCESS_CODES.includes(status);
}

export type TargetOutcome = 'succeeded' | 'interrupted' | 'failed';

/** Interrupted beats failed: an interrupted install restored the previous state and will be retried. */
export function targetOutcome(result: TargetResultSpec): TargetOutcome {
  const codes = Object.values(result.components ?? {}).map((c) => c.status);
  if (codes.includes(FleetProviderState.Interrupted)) return 'interrupted';
  return result.status === TargetStatus.ok && codes.every(isComponentSuccess) ? 'succeeded' : 'failed';
}

export interface TargetSummaryInput {
  target: string;
  components: Record<string, ComponentResultSpec>;
  /** Components planned for the target (defaults to the number of component results). */
  planned?: number;
  message?: string;
  jobID?: string;
  isRemoval?: boolean;
  /** Nothing had to change. */
  skipped?: boolean;
}

/** The summary of one target, as a car answers POST and DELETE. */
export function buildTargetSummary(input: TargetSummaryInput): SummarySpec {
  const results = Object.values(input.components);
  const ok = results.every((r) => isComponentSuccess(r.status));
  const planned = input.planned ?? results.length;
  const deployed = results.filter((r) => DEPLOYED_CODES.includes(r.status)).length;
  const target: TargetResultSpec = { status: ok ? TargetStatus.ok : TargetStatus.error, components: input.components };
  if (input.message) target.message = input.message;
  const summary: SummarySpec = {
    targetCount: 1,
    successCount: ok ? 1 : 0,
    plannedDeployment: planned,
    currentDeployed: input.isRemoval ? 0 : deployed,
    targets: { [input.target]: target },
    skipped: input.skipped ?? false,
    isRemoval: input.isRemoval ?? false,
    allAssignedDeployed: ok && (input.isRemoval ? true : deployed === planned),
    removed: Boolean(input.isRemoval) && ok,
  };
  if (input.message) summary.message = input.message;
  if (input.jobID) summary.jobID = input.jobID;
  return summary;
}

/** One summary over several targets (e.g. every car of an instance). */
export function mergeSummaries(summaries: readonly SummarySpec[], message?: string): SummarySpec {
  const merged: SummarySpec = {
    targetCount: 0,
    successCount: 0,
    plannedDeployment: 0,
    currentDeployed: 0,
    targets: {},
    skipped: summaries.length > 0 && summaries.every((s) => s.skipped),
    isRemoval: summaries.some((s) => s.isRemoval),
    allAssignedDeployed: summaries.every((s) => s.allAssignedDeployed),
    removed: summaries.length > 0 && summaries.every((s) => s.removed),
  };
  for (const s of summaries) {
    merged.targetCount += s.targetCount;
    merged.successCount += s.successCount;
    merged.plannedDeployment += s.plannedDeployment;
    merged.currentDeployed += s.currentDeployed;
    Object.assign(merged.targets as object, s.targets ?? {});
    if (s.jobID) merged.jobID = s.jobID;
  }
  if (message) merged.message = message;
  return merged;
}

export interface SummaryResultInput {
  generation: string;
  time: Date;
  state?: SummaryStateCode;
  deploymentHash?: string;
  summaryId?: string;
}

/** A stored summary (`SummaryResult`); done unless told otherwise. */
export function buildSummaryResult(summary: SummarySpec, input: SummaryResultInput): SummaryResult {
  const result: SummaryResult = {
    summary,
    generation: input.generation,
    time: input.time.toISOString(),
    state: input.state ?? SummaryState.Done,
    deploymentHash: input.deploymentHash ?? '',
  };
  if (input.summaryId) result.summaryid = input.summaryId;
  return result;
}

export interface TargetsSummaryInput {
  message?: string;
  jobID?: string;
  skipped?: boolean;
  isRemoval?: boolean;
}

/**
 * The summary of an instance over all its targets from each target's result (Symphony's `SummarySpec` with
 * `TargetResults`): counts recomputed, so that one target's result can replace its earlier one.
 */
export function summarizeTargets(
  targets: Record<string, TargetResultSpec>,
  input: TargetsSummaryInput = {},
): SummarySpec {
  const results = Object.values(targets);
  const components = results.flatMap((t) => Object.values(t.components ?? {}));
  const successCount = results.filter((t) => t.status === TargetStatus.ok).length;
  const deployed = components.filter((c) => DEPLOYED_CODES.includes(c.status)).length;
  const removal = input.isRemoval ?? false;
  const summary: SummarySpec = {
    targetCount: results.length,
    successCount,
    plannedDeployment: components.length,
    currentDeployed: removal ? 0 : deployed,
    targets,
    skipped: input.skipped ?? false,
    isRemoval: removal,
    allAssignedDeployed: successCount === results.length && (removal || deployed === components.length),
    removed: removal && successCount === results.length,
  };
  if (input.message) summary.message = input.message;
  if (input.jobID) summary.jobID = input.jobID;
  return summary;
}

/** Targets whose result is still unknown (no answer in time). */
export function unknownTargets(summary: SummarySpec): string[] {
  return Object.entries(summary.targets ?? {})
    .filter(([, t]) => t.status === TargetStatus.unknown)
    .map(([name]) => name);
}
