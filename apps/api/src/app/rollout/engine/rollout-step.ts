import {
  stepInFlightCar,
  stepRollbackPendingCar,
  stepSoakingCar,
  stepWaitingCar,
} from './car-steps';
import { isDue, StepContext } from './context';
import type { RolloutState } from './records';
import { isFinal, setRolloutStatus } from './rollout-transitions';
import {
  cancelUnsent,
  evaluateStage,
  markRollbacks,
  settleRollbacks,
} from './stage-flow';
import { addLateJoiners, startStage } from './stage-start';

/** Whether the engine still has work on this rollout (a final one may still have cars in flight or soaking). */
export function isLive(state: RolloutState): boolean {
  return (
    !isFinal(state.rollout.status) ||
    [...state.cars.values()].some((c) => !c.finished)
  );
}

/** One level-triggered pass over a rollout: schedule, late joiners, every open car, thresholds, advance. */
export function stepRollout(state: RolloutState, ctx: StepContext): void {
  const rollout = state.rollout;
  if (rollout.status === 'scheduled' && isDue(rollout.startAt, ctx.now))
    setRolloutStatus(
      state,
      'running',
      {
        startedAt: ctx.changes.nowIso,
        reason: 'started at its scheduled time',
      },
      ctx,
    );
  if (!isFinal(rollout.status))
    for (const stage of state.stages)
      if (stage.status === 'running') addLateJoiners(state, stage, ctx);
  stepCars(state, ctx);
  markRollbacks(state, ctx);
  for (const stage of state.stages)
    if (stage.status === 'running') evaluateStage(state, stage, ctx);
  settleRollbacks(state, ctx);
  const before = state.stages.filter((s) => s.startedAt !== null).length;
  advance(state, ctx);
  // A stage that just started sorts its cars now, so that the first view already says who waits and why.
  if (state.stages.filter((s) => s.startedAt !== null).length !== before)
    stepCars(state, ctx);
}

function stepCars(state: RolloutState, ctx: StepContext): void {
  for (const car of state.cars.values()) {
    if (car.finished) continue;
    const stage = state.stages[car.stageIndex];
    switch (car.bucket) {
      case 'updating':
      case 'rolling-back':
        stepInFlightCar(state, stage, car, ctx);
        break;
      case 'soaking':
        if (stage.status !== 'rolling-back')
          stepSoakingCar(state, stage, car, ctx);
        break;
      case 'rollback-pending':
        stepRollbackPendingCar(state, stage, car, ctx);
        break;
      default:
        if (stage.status === 'running') stepWaitingCar(state, stage, car, ctx);
        else cancelUnsent(state, stage, `its stage is ${stage.status}`, ctx);
    }
  }
}

/** Starts the first stage, or the next once the last started one is over; completes the rollout at the end. */
function advance(state: RolloutState, ctx: StepContext): void {
  if (state.rollout.status !== 'running') return;
  const started = state.stages.filter((s) => s.startedAt !== null);
  const last = started[started.length - 1];
  if (!last) return startStage(state, state.stages[0], ctx);
  if (last.status !== 'succeeded' && last.status !== 'failed') return;
  const next = state.stages[last.index + 1];
  if (next?.status === 'pending') return startStage(state, next, ctx);
  const busy = state.stages.some(
    (s) => s.status === 'running' || s.status === 'rolling-back',
  );
  if (busy || [...state.cars.values()].some((c) => !c.finished)) return;
  const failed = state.stages
    .filter((s) => s.status === 'failed')
    .map((s) => s.name);
  const succeeded = state.stages.filter((s) => s.status === 'succeeded').length;
  const reason = failed.length
    ? `${succeeded} of ${state.stages.length} stages succeeded; went on past failed stage(s) ${failed.join(', ')}`
    : `all ${state.stages.length} stages succeeded`;
  setRolloutStatus(state, 'completed', { reason }, ctx);
}
