import { windowFor } from './maintenance-window';
import { gate } from './eligibility';
import { isDue, msSince, policyOf, StepContext } from './context';
import type { CarRecord, RolloutState, StageRecord } from './records';

const INTERRUPTED =
  'interrupted: started driving mid-install; resumes at the next park';

/** Gives the car up as unreachable (never counted as failed). */
function giveUp(car: CarRecord, reason: string, ctx: StepContext): void {
  ctx.changes.car(car, {
    bucket: 'unreachable',
    finished: true,
    reason,
    nextAttemptAt: null,
  });
}

/**
 * A car not yet sent (pending, waiting, unreachable, interrupted) in a running stage: sorts it into the bucket
 * that says why it waits, and gives it up past the unreachable timeout or the stage deadline.
 */
export function stepWaitingCar(
  state: RolloutState,
  stage: StageRecord,
  car: CarRecord,
  ctx: StepContext,
): void {
  const policy = policyOf(state, stage.index);
  const window = windowFor(
    state.rollout.definition.maintenanceWindows,
    ctx.fleet.car(car.carId)?.region ?? '',
  );
  const g = gate(ctx.fleet.car(car.carId), ctx.now, window);
  if (isDue(stage.deadlineAt, ctx.now) && stage.deadlineAt !== null) {
    if (g.kind === 'unreachable')
      return giveUp(
        car,
        'unreachable: still offline at the stage deadline',
        ctx,
      );
    const why =
      car.bucket === 'interrupted'
        ? 'interrupted and not parked again'
        : car.reason.replace(/^\w+: /, '');
    ctx.changes.car(car, {
      bucket: 'skipped',
      finished: true,
      reason: `skipped: the stage deadline passed (${why})`,
    });
    return;
  }
  if (g.kind === 'unreachable')
    return markOffline(car, g.reason, policy.unreachableTimeoutSeconds, ctx);
  if (g.kind === 'waiting') {
    const stillInterrupted =
      car.bucket === 'interrupted' && g.reason === 'waiting: driving';
    return setIfChanged(
      car,
      stillInterrupted
        ? { bucket: 'interrupted', reason: INTERRUPTED, offlineSince: null }
        : { bucket: 'waiting', reason: g.reason, offlineSince: null },
      ctx,
    );
  }
  const retry = isDue(car.nextAttemptAt, ctx.now)
    ? null
    : car.reason.includes('; retry ')
      ? car.reason.replace(/^[\w-]+: /, 'pending: ')
      : `pending: retry ${car.failures}/${policy.maxRetries} after ${car.nextAttemptAt}`;
  const resumed =
    car.bucket === 'interrupted' ||
    car.reason.startsWith('pending: parked again');
  setIfChanged(
    car,
    {
      bucket: 'pending',
      reason:
        retry ??
        (resumed
          ? 'pending: parked again after an interruption'
          : 'pending: ready to send'),
      offlineSince: null,
    },
    ctx,
  );
}

/** Records the patch only when it changes something, so that idle ticks write nothing. */
function setIfChanged(
  car: CarRecord,
  patch: Partial<CarRecord>,
  ctx: StepContext,
): void {
  const changed = (Object.keys(patch) as (keyof CarRecord)[]).some(
    (k) => car[k] !== patch[k],
  );
  if (changed) ctx.changes.car(car, patch);
}

function markOffline(
  car: CarRecord,
  reason: string,
  timeoutSeconds: number,
  ctx: StepContext,
): void {
  const since = car.offlineSince ?? ctx.changes.nowIso;
  if (msSince(since, ctx.now) >= timeoutSeconds * 1000)
    return giveUp(
      car,
      `unreachable: offline for more than ${timeoutSeconds}s`,
      ctx,
    );
  setIfChanged(
    car,
    { bucket: 'unreachable', reason, offlineSince: since },
    ctx,
  );
}

/** A car that was sent something and has not answered within the in-progress timeout has failed. */
export function stepInFlightCar(
  state: RolloutState,
  stage: StageRecord,
  car: CarRecord,
  ctx: StepContext,
): void {
  const { inProgressTimeoutSeconds } = policyOf(state, stage.index);
  if (msSince(car.dispatchedAt, ctx.now) < inProgressTimeoutSeconds * 1000)
    return;
  const what = car.operation === 'rollback' ? 'rollback failed' : 'failed';
  ctx.changes.car(car, {
    bucket: 'failed',
    finished: true,
    reason: `${what}: no result within ${inProgressTimeoutSeconds}s`,
  });
}

/** A car on the new version must stay on it and healthy until its soak ends. */
export function stepSoakingCar(
  state: RolloutState,
  stage: StageRecord,
  car: CarRecord,
  ctx: StepContext,
): void {
  const fleetCar = ctx.fleet.car(car.carId);
  const { soakSeconds } = policyOf(state, stage.index);
  const target = state.rollout.version;
  if (fleetCar?.version && fleetCar.version !== target)
    return fail(
      car,
      `failed: runs ${fleetCar.version} instead of ${target} during the soak`,
      ctx,
    );
  if (fleetCar?.health === 'unhealthy')
    return fail(
      car,
      `failed: unhealthy during the soak${fleetCar.healthDetail ? ` (${fleetCar.healthDetail})` : ''}`,
      ctx,
    );
  if (!isDue(car.soakUntil, ctx.now)) return;
  if (fleetCar?.connection !== 'online' || fleetCar.version === null) {
    // The verdict needs the car's word: wait for it (e.g. the API restarted meanwhile), up to the unreachable timeout.
    const { unreachableTimeoutSeconds } = policyOf(state, stage.index);
    const since = car.offlineSince ?? ctx.changes.nowIso;
    if (msSince(since, ctx.now) >= unreachableTimeoutSeconds * 1000)
      return giveUp(car, 'unreachable: offline at the end of the soak', ctx);
    return setIfChanged(
      car,
      {
        offlineSince: since,
        reason: `soaking: the soak is over; waiting for the car to report (${fleetCar ? fleetCar.connection : 'not in the fleet'})`,
      },
      ctx,
    );
  }
  ctx.changes.car(car, {
    bucket: 'succeeded',
    finished: true,
    offlineSince: null,
    reason: `succeeded: runs ${target}, healthy through the ${soakSeconds}s soak`,
  });
}

function fail(car: CarRecord, reason: string, ctx: StepContext): void {
  ctx.changes.car(car, { bucket: 'failed', finished: true, reason });
}

/** A car owed a rollback: offline too long is given up; driving waits (rollbacks ignore maintenance windows). */
export function stepRollbackPendingCar(
  state: RolloutState,
  stage: StageRecord,
  car: CarRecord,
  ctx: StepContext,
): void {
  const { unreachableTimeoutSeconds } = policyOf(state, stage.index);
  const g = gate(ctx.fleet.car(car.carId), ctx.now);
  if (g.kind === 'unreachable') {
    const since = car.offlineSince ?? ctx.changes.nowIso;
    if (msSince(since, ctx.now) >= unreachableTimeoutSeconds * 1000)
      return giveUp(
        car,
        `unreachable: rollback not delivered, offline for more than ${unreachableTimeoutSeconds}s`,
        ctx,
      );
    return setIfChanged(
      car,
      { offlineSince: since, reason: `rollback waits: ${g.reason}` },
      ctx,
    );
  }
  const reason =
    g.kind === 'waiting'
      ? `rollback waits: ${g.reason.replace(/^waiting: /, '')}`
      : 'rollback: ready to send';
  setIfChanged(car, { reason, offlineSince: null }, ctx);
}
