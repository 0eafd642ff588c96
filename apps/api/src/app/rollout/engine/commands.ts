import type { RolloutStatus } from '@fleet/shared/contracts';
import type { StepContext } from './context';
import { RolloutError } from './errors';
import type { RolloutState, StageRecord } from './records';
import { isFinal, setRolloutStatus } from './rollout-transitions';
import { cancelUnsent } from './stage-flow';
import { startStage } from './stage-start';

export function conflict(state: RolloutState, what: string): RolloutError {
  return new RolloutError(
    'conflict',
    `rollout ${state.rollout.id} is ${state.rollout.status}; ${what}`,
  );
}

/** Running now, or scheduled when `startAt` lies ahead. */
export function launch(state: RolloutState, ctx: StepContext): void {
  const { startAt } = state.rollout;
  if (startAt && Date.parse(startAt) > ctx.now.getTime())
    return setRolloutStatus(
      state,
      'scheduled',
      { reason: `starts at ${startAt}`, pendingApproval: null },
      ctx,
    );
  setRolloutStatus(
    state,
    'running',
    { startedAt: ctx.changes.nowIso, reason: null, pendingApproval: null },
    ctx,
  );
}

export function startRollout(
  state: RolloutState,
  actor: string,
  at: string | null,
  ctx: StepContext,
): void {
  if (state.rollout.status !== 'draft')
    throw conflict(state, 'only a draft can be started');
  ctx.changes.rollout(state.rollout, { startAt: at });
  if (state.rollout.definition.approvals?.start && !state.rollout.approvedBy) {
    const pendingApproval = {
      action: 'start' as const,
      requestedBy: actor,
      requestedAt: ctx.changes.nowIso,
      stageIndex: null,
    };
    return setRolloutStatus(
      state,
      'awaiting-approval',
      {
        pendingApproval,
        reason: 'the start waits for a second user to approve',
      },
      ctx,
    );
  }
  launch(state, ctx);
}

export function pauseRollout(
  state: RolloutState,
  actor: string,
  ctx: StepContext,
): void {
  if (state.rollout.status !== 'running')
    throw conflict(state, 'only a running rollout can be paused');
  setRolloutStatus(state, 'paused', { reason: `paused by ${actor}` }, ctx);
}

export function resumeRollout(
  state: RolloutState,
  actor: string,
  ctx: StepContext,
): void {
  const { status, frozenFrom, pendingApproval } = state.rollout;
  if (status === 'frozen') {
    const back: RolloutStatus = frozenFrom ?? 'running';
    ctx.changes.rollout(state.rollout, {
      status: back,
      frozenFrom: null,
      reason: `resumed by ${actor} after the emergency stop`,
    });
    return;
  }
  if (status === 'paused')
    return setRolloutStatus(
      state,
      'running',
      { reason: `resumed by ${actor}` },
      ctx,
    );
  if (status === 'awaiting-approval' && pendingApproval?.action === 'rollback')
    return setRolloutStatus(
      state,
      'running',
      {
        pendingApproval: null,
        reason: `resumed by ${actor}; the rollback was not approved`,
      },
      ctx,
    );
  throw conflict(state, 'only a paused or frozen rollout can be resumed');
}

export function nextStage(
  state: RolloutState,
  actor: string,
  ctx: StepContext,
): StageRecord {
  const status = state.rollout.status;
  if (status !== 'running' && status !== 'paused')
    throw conflict(
      state,
      'the next stage starts only in a running or paused rollout',
    );
  const next = state.stages.find((s) => s.status === 'pending');
  if (!next) throw conflict(state, 'no stage is left to start');
  startStage(state, next, ctx);
  setRolloutStatus(
    state,
    'running',
    { reason: `stage ${next.name} started early by ${actor}` },
    ctx,
  );
  return next;
}

export function cancelRollout(
  state: RolloutState,
  actor: string,
  ctx: StepContext,
): void {
  if (isFinal(state.rollout.status))
    throw conflict(state, 'it is already over');
  for (const stage of state.stages) {
    if (
      stage.status === 'pending' ||
      stage.status === 'running' ||
      stage.status === 'rolling-back'
    ) {
      cancelUnsent(state, stage, `the rollout was cancelled by ${actor}`, ctx);
      for (const car of state.cars.values())
        if (car.stageIndex === stage.index && car.bucket === 'rollback-pending')
          ctx.changes.car(car, {
            bucket: 'failed',
            finished: true,
            reason: `failed: its rollback was cancelled by ${actor}`,
          });
      ctx.changes.stage(stage, {
        status: 'cancelled',
        reason: `cancelled by ${actor}`,
        finishedAt: ctx.changes.nowIso,
      });
    }
  }
  setRolloutStatus(
    state,
    'cancelled',
    { reason: `cancelled by ${actor}` },
    ctx,
  );
}
