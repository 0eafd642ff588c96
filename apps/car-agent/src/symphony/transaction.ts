import type { ComponentResultSpec, ComponentSpec, SummarySpec } from '@fleet/shared/contracts';
import { buildTargetSummary } from '@fleet/shared/symphony/util';
import type { DeploymentRequest } from './deployment-request';
import type { Interruption } from './interruption';
import type { SymphonyTimeouts } from './options';
import type { LogPort, SymphonyCluster, TimerPort } from './ports';

/** Ankaios tag naming the Symphony instance that deployed a workload. */
export const INSTANCE_TAG = 'symphony.instance';

/** Everything an install or removal works with. */
export interface TransactionContext {
  targetName: string;
  agentName: string;
  cluster: SymphonyCluster;
  clock: TimerPort;
  log: LogPort;
  timeouts: SymphonyTimeouts;
  interruption: Interruption;
}

/** The COA state and summary a transaction answers. */
export interface TransactionAnswer {
  state: number;
  summary: SummarySpec;
}

export type ComponentResults = Record<string, ComponentResultSpec>;

export function resultsFor(names: readonly string[], status: number, message: string): ComponentResults {
  return Object.fromEntries(names.map((n) => [n, { status, message }]));
}

export function answer(
  ctx: TransactionContext,
  request: DeploymentRequest,
  state: number,
  components: ComponentResults,
  extra: { message: string; planned: number; isRemoval?: boolean; skipped?: boolean },
): TransactionAnswer {
  return {
    state,
    summary: buildTargetSummary({
      target: ctx.targetName,
      components,
      planned: extra.planned,
      message: extra.message,
      jobID: request.deployment.jobID,
      isRemoval: extra.isRemoval,
      skipped: extra.skipped,
    }),
  };
}

export const names = (components: readonly ComponentSpec[]) => components.map((c) => c.name);
