import { policyOf, StepContext } from './context';
import { carsOfStage, isInFlight, RolloutState, StageRecord } from './records';
import { effectiveStatus, setRolloutStatus } from './rollout-transitions';
import { judge, tally } from './stage-evaluation';

const UNSENT = new Set(['pending', 'waiting', 'unreachable', 'interrupted']);

/** Cars never sent (or waiting to be sent again) are cancelled when their stage stops. */
export function cancelUnsent(
  state: RolloutState,
  stage: StageRecord,
  why: string,
  ctx: StepContext,
): void {
  for (const car of carsOfStage(state, stage.index))
    if (!car.finished && UNSENT.has(car.bucket))
      ctx.changes.car(car, {
        bucket: 'cancelled',
        finished: true,
        nextAttemptAt: null,
        reason: `cancelled: ${why}`,
      });
}

/** Later stages that are running or pending stop: running ones cancel their unsent cars. */
export function haltStagesAfter(
  state: RolloutState,
  index: number,
  why: string,
  ctx: StepContext,
): void {
  for (const stage of state.stages.slice(index + 1)) {
    if (stage.status !== 'pending' && stage.status !== 'running') continue;
    if (stage.status === 'running') cancelUnsent(state, stage, why, ctx);
    ctx.changes.stage(stage, {
      status: 'halted',
      reason: why,
      finishedAt: stage.startedAt ? ctx.changes.nowIso : null,
    });
  }
}

/** Reverts the given stages; `stage` scope ends the rollout `failed`, `all` ends it `rolled-back`. */
export function beginRollback(
  state: RolloutState,
  stages: StageRecord[],
  scope: 'stage' | 'all',
  reason: string,
  ctx: StepContext,
): void {
  for (const stage of stages) {
    cancelUnsent(
      state,
      stage,
      scope === 'all' ? 'the rollout is being rolled back' : 'its stage failed',
      ctx,
    );
    ctx.changes.stage(stage, {
      status: 'rolling-back',
      reason: stage.reason ?? reason,
    });
  }
  const first = Math.min(...stages.map((s) => s.index));
  haltStagesAfter(
    state,
    scope === 'all' ? -1 : first,
    scope === 'all'
      ? 'the rollout is being rolled back'
      : `stage ${state.stages[first].name} failed`,
    ctx,
  );
  setRolloutStatus(
    state,
    'rolling-back',
    { rollbackScope: scope, reason, pendingApproval: null, finishedAt: null },
    ctx,
  );
  markRollbacks(state, ctx);
}

/** Cars of reverting stages that run the new version are owed a rollback (once). */
export function markRollbacks(state: RolloutState, ctx: StepContext): void {
  for (const stage of state.stages) {
    if (stage.status !== 'rolling-back') continue;
    for (const car of carsOfStage(state, stage.index)) {
      const updated = car.bucket === 'soaking' || car.bucket === 'succeeded';
      const failedOnNewVersion =
        car.bucket === 'failed' &&
        car.operation === 'update' &&
        ctx.fleet.car(car.carId)?.version === state.rollout.version;
      if (updated || failedOnNewVersion)
        ctx.changes.car(car, {
          bucket: 'rollback-pending',
          finished: false,
          failures: 0,
          nextAttemptAt: null,
          reason: 'rollback: waiting to be sent',
        });
    }
  }
}

/** A reverting stage is rolled back once none of its cars is still being updated or reverted. */
export function settleRollbacks(state: RolloutState, ctx: StepContext): void {
  for (const stage of state.stages) {
    if (stage.status !== 'rolling-back') continue;
    const busy = carsOfStage(state, stage.index).some(
      (c) =>
        isInFlight(c) ||
        c.bucket === 'rollback-pending' ||
        c.bucket === 'soaking',
    );
    if (!busy)
      ctx.changes.stage(stage, {
        status: 'rolled-back',
        finishedAt: ctx.changes.nowIso,
      });
  }
  const rollout = state.rollout;
  if (
    effectiveStatus(rollout) !== 'rolling-back' ||
    state.stages.some((s) => s.status === 'rolling-back')
  )
    return;
  const reverted = [...state.cars.values()].filter(
    (c) => c.bucket === 'rolled-back',
  ).length;
  const reason = (rollout.reason ?? '').replace(/; rolling back.*$/, '');
  setRolloutStatus(
    state,
    rollout.rollbackScope === 'all' ? 'rolled-back' : 'failed',
    { reason: `${reason}${reason ? '; ' : ''}${reverted} car(s) rolled back` },
    ctx,
  );
}

/** A running stage's thresholds: it succeeds, fails (and its policy applies) or stays open. */
export function evaluateStage(
  state: RolloutState,
  stage: StageRecord,
  ctx: StepContext,
): void {
  const policy = policyOf(state, stage.index);
  const verdict = judge(tally(carsOfStage(state, stage.index)), policy);
  if (verdict.kind === 'open') return;
  if (verdict.kind === 'succeeded') {
    ctx.changes.stage(stage, {
      status: 'succeeded',
      reason: verdict.reason,
      finishedAt: ctx.changes.nowIso,
    });
    return;
  }
  if (verdict.kind === 'inconclusive') {
    // Nothing was updated, so nothing to revert; but no evidence either: a person decides whether to go on.
    ctx.changes.stage(stage, {
      status: 'failed',
      reason: verdict.reason,
      finishedAt: ctx.changes.nowIso,
    });
    if (effectiveStatus(state.rollout) === 'running')
      setRolloutStatus(
        state,
        'paused',
        {
          reason: `stage ${stage.name}: ${verdict.reason}; resume to go on with the next stage`,
        },
        ctx,
      );
    return;
  }
  failStage(state, stage, verdict.reason, ctx);
}

function failStage(
  state: RolloutState,
  stage: StageRecord,
  reason: string,
  ctx: StepContext,
): void {
  const policy = policyOf(state, stage.index);
  cancelUnsent(state, stage, 'its stage failed', ctx);
  ctx.changes.stage(stage, {
    status: 'failed',
    reason,
    finishedAt: ctx.changes.nowIso,
  });
  const why = `stage ${stage.name} failed: ${reason}`;
  if (policy.onFailure === 'continue') return;
  if (policy.onFailure === 'pause') {
    if (effectiveStatus(state.rollout) === 'running')
      setRolloutStatus(state, 'paused', { reason: `${why}; paused` }, ctx);
    return;
  }
  if (state.rollout.definition.approvals?.revert) {
    const pendingApproval = {
      action: 'rollback' as const,
      requestedBy: 'system',
      requestedAt: ctx.changes.nowIso,
      stageIndex: stage.index,
    };
    setRolloutStatus(
      state,
      'awaiting-approval',
      {
        reason: `${why}; the rollback of its cars waits for approval`,
        pendingApproval,
      },
      ctx,
    );
    return;
  }
  beginRollback(state, [stage], 'stage', `${why}; rolling back its cars`, ctx);
}
