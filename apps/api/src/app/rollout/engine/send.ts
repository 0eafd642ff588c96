import type { StepContext } from './context';
import { gate } from './eligibility';
import { retryOrGiveUp } from './outcomes';
import type { DispatchResult } from './ports';
import type { CarRecord, RolloutState } from './records';

/** Why an answer to a send never came (timeout, exception): the car's state is asked for later instead. */
export function markSendUnanswered(
  car: CarRecord,
  error: string,
  ctx: StepContext,
): void {
  ctx.changes.car(car, {
    reason: `${car.bucket}: the send got no answer (${error}); checking the car's state`,
  });
}

/** A refused send: back to waiting when the car now drives or is offline, else retried, skipped or failed. */
export function applyRefusal(
  state: RolloutState,
  car: CarRecord,
  result: Extract<DispatchResult, { accepted: false }>,
  ctx: StepContext,
): void {
  const rollback = car.operation === 'rollback';
  const g = gate(ctx.fleet.car(car.carId), ctx.now);
  if (result.skip && !rollback) {
    ctx.changes.car(car, {
      bucket: 'skipped',
      finished: true,
      reason: `skipped: ${result.reason}`,
    });
    return;
  }
  if (g.kind === 'waiting' || g.kind === 'unreachable') {
    const bucket = rollback
      ? 'rollback-pending'
      : g.kind === 'waiting'
        ? 'waiting'
        : 'unreachable';
    ctx.changes.car(car, {
      bucket,
      reason: `${rollback ? 'rollback waits' : g.kind}: ${result.reason}`,
      offlineSince: g.kind === 'unreachable' ? ctx.changes.nowIso : null,
    });
    return;
  }
  if (result.retryable)
    return retryOrGiveUp(
      state,
      car,
      { message: result.reason },
      ctx,
      rollback ? 'rollback-pending' : 'pending',
    );
  ctx.changes.car(car, {
    bucket: 'failed',
    finished: true,
    reason: `${rollback ? 'rollback failed' : 'failed'}: ${result.reason}`,
  });
}
