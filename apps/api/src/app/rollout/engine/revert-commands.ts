import type { EmergencyStopMode } from '@fleet/shared/contracts';
import { cancelRollout, conflict, launch } from './commands';
import type { StepContext } from './context';
import { RolloutError } from './errors';
import type { RolloutState } from './records';
import {
  effectiveStatus,
  isFinal,
  setRolloutStatus,
} from './rollout-transitions';
import { beginRollback, cancelUnsent } from './stage-flow';

/** Reverts every stage that sent something; asks for approval first when the rollout requires it. */
export function rollbackRollout(
  state: RolloutState,
  actor: string,
  ctx: StepContext,
  approved = false,
): void {
  const { status, rollbackScope } = state.rollout;
  if (
    status === 'draft' ||
    status === 'scheduled' ||
    status === 'cancelled' ||
    status === 'rolled-back'
  )
    throw conflict(state, 'there is nothing to roll back');
  if (
    effectiveStatus(state.rollout) === 'rolling-back' &&
    rollbackScope === 'all'
  )
    throw conflict(state, 'it is already rolling back');
  if (
    status === 'awaiting-approval' &&
    state.rollout.pendingApproval?.action === 'start'
  )
    throw conflict(state, 'nothing was sent yet');
  if (state.rollout.definition.approvals?.revert && !approved) {
    const pendingApproval = {
      action: 'rollback' as const,
      requestedBy: actor,
      requestedAt: ctx.changes.nowIso,
      stageIndex: null,
    };
    return setRolloutStatus(
      state,
      'awaiting-approval',
      {
        pendingApproval,
        reason: `a rollback requested by ${actor} waits for a second user to approve`,
      },
      ctx,
    );
  }
  const sent = state.stages.filter(
    (s) =>
      s.status !== 'rolled-back' &&
      [...state.cars.values()].some(
        (c) => c.stageIndex === s.index && c.attempts > 0,
      ),
  );
  const reason = `rolled back by ${actor}`;
  if (sent.length === 0) {
    for (const stage of state.stages) cancelUnsent(state, stage, reason, ctx);
    return setRolloutStatus(
      state,
      'rolled-back',
      { reason: `${reason}; nothing had been sent` },
      ctx,
    );
  }
  beginRollback(state, sent, 'all', `${reason}; rolling back`, ctx);
}

export function approve(
  state: RolloutState,
  actor: string,
  ctx: StepContext,
): void {
  const pending = state.rollout.pendingApproval;
  if (!pending) throw conflict(state, 'nothing waits for approval');
  if (
    actor === pending.requestedBy ||
    (pending.action === 'start' && actor === state.rollout.createdBy)
  )
    throw new RolloutError(
      'forbidden',
      `a second user must approve: ${actor} asked for it`,
    );
  ctx.changes.rollout(state.rollout, {
    approvedBy: actor,
    pendingApproval: null,
  });
  if (pending.action === 'start') return launch(state, ctx);
  const reason = `rollback approved by ${actor}`;
  if (pending.stageIndex === null)
    return rollbackRollout(state, pending.requestedBy, ctx, true);
  const stage = state.stages[pending.stageIndex];
  beginRollback(
    state,
    [stage],
    'stage',
    `stage ${stage.name} failed: ${stage.reason ?? ''}; ${reason}; rolling back its cars`,
    ctx,
  );
}

/** `freeze`: nothing new is sent; `freeze-and-revert`: every live rollout is rolled back, without approval. */
export function emergencyStop(
  state: RolloutState,
  mode: EmergencyStopMode,
  actor: string,
  ctx: StepContext,
): boolean {
  const { status } = state.rollout;
  if (status === 'draft' || isFinal(status)) return false;
  const reason = `emergency stop (${mode}) by ${actor}`;
  if (mode === 'freeze') {
    if (status === 'frozen') return false;
    ctx.changes.rollout(state.rollout, {
      status: 'frozen',
      frozenFrom: status,
      reason,
    });
    return true;
  }
  if (status === 'frozen')
    ctx.changes.rollout(state.rollout, {
      status: state.rollout.frozenFrom ?? 'paused',
      frozenFrom: null,
    });
  if (
    effectiveStatus(state.rollout) === 'rolling-back' &&
    state.rollout.rollbackScope === 'all'
  )
    return true;
  const sent = [...state.cars.values()].some((c) => c.attempts > 0);
  if (!sent) {
    cancelRollout(state, actor, ctx);
    ctx.changes.rollout(state.rollout, {
      reason: `${reason}; nothing had been sent`,
    });
    return true;
  }
  rollbackRollout(state, actor, ctx, true);
  ctx.changes.rollout(state.rollout, { reason });
  return true;
}
