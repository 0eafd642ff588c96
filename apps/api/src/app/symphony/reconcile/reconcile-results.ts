import { CoaState } from '@fleet/shared/contracts';
import type {
  DeploymentSpec,
  SummarySpec,
  SymphonyTarget,
} from '@fleet/shared/contracts';
import { buildTargetSummary } from '@fleet/shared/symphony/util';
import {
  ProviderError,
  ProviderTimeoutError,
} from '../provider/provider-errors';
import type { ReconcileOutcome } from './outcome';

/** A reconcile that cannot go on, with the COA code recorded for it. */
export class ReconcileFailure extends Error {
  constructor(
    message: string,
    readonly coaState: number,
  ) {
    super(message);
  }
}

/** The car already runs the deployment: nothing is sent, the summary says skipped. */
export function alreadyRunning(
  target: SymphonyTarget,
  deployment: DeploymentSpec,
  unchanged: string[],
): ReconcileOutcome {
  const name = target.metadata.name;
  const message = `${deployment.solutionName} already runs on ${name}; nothing sent`;
  const components = Object.fromEntries(
    unchanged.map((c) => [
      c,
      { status: CoaState.Untouched, message: 'unchanged' },
    ]),
  );
  const summary: SummarySpec = {
    ...buildTargetSummary({
      target: name,
      components,
      message,
      jobID: deployment.jobID,
      skipped: true,
    }),
  };
  return {
    result: 'succeeded',
    coaState: CoaState.OK,
    messages: [message],
    components,
    plan: [],
    skipped: true,
    summary,
  };
}

/** Any error of a reconcile as a failed outcome. */
export function failure(error: unknown): ReconcileOutcome {
  const coaState =
    error instanceof ProviderError || error instanceof ReconcileFailure
      ? error.coaState
      : CoaState.InternalError;
  const message = error instanceof Error ? error.message : String(error);
  const unconfirmed =
    error instanceof ProviderTimeoutError && error.method === 'POST';
  return {
    ...(unconfirmed ? { unconfirmed } : {}),
    result: 'failed',
    coaState,
    messages: unconfirmed
      ? [`${message}; the result is unknown until the car confirms it`]
      : [message],
    components: {},
    plan: [],
    skipped: false,
    summary: null,
  };
}
