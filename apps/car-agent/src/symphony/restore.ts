import type { DesiredState } from '@fleet/shared/contracts';
import type { TransactionContext } from './transaction';
import { waitForWorkloads } from './wait-for-workloads';
import { rollBack } from './workload-changes';

/** `restored` when the previous workloads run again in time; otherwise what still lags behind. */
export type RestoreOutcome = { kind: 'restored' } | { kind: 'lagging'; detail: string };

/** Rolls the touched workloads back and waits (bounded) until the previous ones run again. */
export async function restorePrevious(ctx: TransactionContext, previous: DesiredState, touched: readonly string[]): Promise<RestoreOutcome> {
  rollBack(ctx.cluster, previous, touched, ctx.log);
  const running = touched.filter((n) => previous.workloads[n]?.agent === ctx.agentName);
  const gone = touched.filter((n) => !previous.workloads[n]);
  const outcome = await waitForWorkloads(
    { running, gone },
    { cluster: ctx.cluster, clock: ctx.clock, timeoutMs: ctx.timeouts.restoreTimeoutMs, pollIntervalMs: ctx.timeouts.pollIntervalMs },
  );
  if (outcome.kind === 'ready') return { kind: 'restored' };
  const detail =
    outcome.kind === 'failed'
      ? `${outcome.workload}: ${outcome.detail}`
      : outcome.kind === 'timeout'
        ? Object.entries(outcome.pending).map(([n, d]) => `${n}: ${d}`).join('; ')
        : 'interrupted';
  return { kind: 'lagging', detail };
}
