import { isoAfter, policyOf, StepContext } from './context';
import type { CarOutcome } from './ports';
import type { CarRecord, RolloutState } from './records';
import { retryDelayMs } from './stage-evaluation';

/** Whether an outcome answers what the car was last sent. */
export function answers(
  car: CarRecord,
  outcome: CarOutcome,
  state: RolloutState,
): boolean {
  if (car.bucket !== 'updating' && car.bucket !== 'rolling-back') return false;
  if (car.operation !== outcome.operation) return false;
  return (
    outcome.operation === 'rollback' ||
    outcome.version === state.rollout.version
  );
}

/** Moves a car that was sent something into the bucket its outcome means. */
export function applyOutcome(
  state: RolloutState,
  car: CarRecord,
  outcome: CarOutcome,
  ctx: StepContext,
): void {
  if (car.operation === 'rollback')
    return applyRollbackOutcome(state, car, outcome, ctx);
  const stage = state.stages[car.stageIndex];
  const policy = policyOf(state, car.stageIndex);
  const reverting = stage.status === 'rolling-back';
  const set = (patch: Partial<CarRecord>) =>
    ctx.changes.car(car, { nextAttemptAt: null, ...patch });
  switch (outcome.result) {
    case 'succeeded':
      if (reverting)
        return set({
          bucket: 'rollback-pending',
          finished: false,
          failures: 0,
          reason: 'rollback: updated after its stage failed',
        });
      return set({
        bucket: 'soaking',
        soakUntil: isoAfter(ctx.now, policy.soakSeconds * 1000),
        reason: `soaking: runs ${state.rollout.version}; must stay healthy for ${policy.soakSeconds}s`,
      });
    case 'interrupted':
      if (reverting)
        return set({
          bucket: 'cancelled',
          finished: true,
          reason: 'cancelled: interrupted, and its stage was rolled back',
        });
      return set({
        bucket: 'interrupted',
        reason:
          'interrupted: started driving mid-install; resumes at the next park',
      });
    case 'unreachable':
      if (reverting)
        return set({
          bucket: 'cancelled',
          finished: true,
          reason: 'cancelled: no answer, and its stage was rolled back',
        });
      return retryOrGiveUp(state, car, outcome, ctx, 'unreachable');
    case 'rolled-back':
      return set({
        bucket: 'failed',
        finished: true,
        reason: `failed: the car reverted the update (${outcome.message})`,
      });
    default:
      return set({
        bucket: 'failed',
        finished: true,
        reason: `failed: ${outcome.message}`,
      });
  }
}

function applyRollbackOutcome(
  state: RolloutState,
  car: CarRecord,
  outcome: CarOutcome,
  ctx: StepContext,
): void {
  const set = (patch: Partial<CarRecord>) =>
    ctx.changes.car(car, { nextAttemptAt: null, ...patch });
  switch (outcome.result) {
    case 'succeeded':
    case 'rolled-back':
      return set({
        bucket: 'rolled-back',
        finished: true,
        reason: `rolled back to ${outcome.version}`,
      });
    case 'interrupted':
      return set({
        bucket: 'rollback-pending',
        reason:
          'rollback waits: interrupted by driving; resumes at the next park',
      });
    case 'unreachable':
      return retryOrGiveUp(state, car, outcome, ctx, 'rollback-pending');
    default:
      return set({
        bucket: 'failed',
        finished: true,
        reason: `rollback failed: ${outcome.message}`,
      });
  }
}

/** A retryable failure: back off and try again, or give the car up once the retries are spent. */
export function retryOrGiveUp(
  state: RolloutState,
  car: CarRecord,
  why: { message: string; result?: string },
  ctx: StepContext,
  retryBucket: 'pending' | 'unreachable' | 'rollback-pending',
): void {
  const policy = policyOf(state, car.stageIndex);
  const failures = car.failures + 1;
  if (failures > policy.maxRetries) {
    const unreachable = why.result === 'unreachable';
    ctx.changes.car(car, {
      failures,
      finished: true,
      nextAttemptAt: null,
      bucket: unreachable ? 'unreachable' : 'failed',
      reason: `${unreachable ? 'unreachable' : 'failed'}: ${why.message} (after ${failures} tries)`,
    });
    return;
  }
  const nextAttemptAt = isoAfter(ctx.now, retryDelayMs(policy, failures));
  const label =
    retryBucket === 'rollback-pending' ? 'rollback waits' : retryBucket;
  ctx.changes.car(car, {
    failures,
    bucket: retryBucket,
    nextAttemptAt,
    reason: `${label}: ${why.message}; retry ${failures}/${policy.maxRetries} after ${nextAttemptAt}`,
  });
}
