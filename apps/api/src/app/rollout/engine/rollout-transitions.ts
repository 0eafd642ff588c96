import { FINAL_ROLLOUT_STATUSES } from '@fleet/shared/contracts';
import type { RolloutStatus } from '@fleet/shared/contracts';
import type { StepContext } from './context';
import type { RolloutRecord, RolloutState } from './records';

export function isFinal(status: RolloutStatus): boolean {
  return FINAL_ROLLOUT_STATUSES.includes(status);
}

/** The status the rollout has, or (while frozen) returns to on resume. */
export function effectiveStatus(rollout: RolloutRecord): RolloutStatus {
  return rollout.status === 'frozen'
    ? (rollout.frozenFrom ?? 'paused')
    : rollout.status;
}

/**
 * Moves the rollout to `status`. While frozen, only the status to return to changes (nothing is sent until
 * resume); a final status applies at once.
 */
export function setRolloutStatus(
  state: RolloutState,
  status: RolloutStatus,
  patch: Partial<RolloutRecord>,
  ctx: Pick<StepContext, 'changes'>,
): void {
  const rollout = state.rollout;
  if (isFinal(status)) {
    ctx.changes.rollout(rollout, {
      ...patch,
      status,
      frozenFrom: null,
      pendingApproval: null,
      finishedAt: ctx.changes.nowIso,
    });
    return;
  }
  if (rollout.status === 'frozen')
    ctx.changes.rollout(rollout, { ...patch, frozenFrom: status });
  else ctx.changes.rollout(rollout, { ...patch, status });
}
