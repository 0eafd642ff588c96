import { stageKindOf } from '@fleet/shared/contracts';
import { isoAfter, policyOf, StepContext } from './context';
import { incompatibility } from './eligibility';
import type { CarRecord, RolloutState, StageRecord } from './records';
import { matchesSelector, pickStageCars } from './selection';

export function newCarRecord(
  state: RolloutState,
  stageIndex: number,
  carId: string,
  ctx: StepContext,
): CarRecord {
  const fleetCar = ctx.fleet.car(carId);
  const skip = fleetCar
    ? incompatibility(
        fleetCar,
        state.rollout.definition,
        ctx.version,
        ctx.busyIn(carId),
      )
    : 'skipped: not in the fleet';
  const car: CarRecord = {
    rolloutId: state.rollout.id,
    carId,
    stageIndex,
    bucket: skip ? 'skipped' : 'pending',
    reason: skip ?? 'pending: picked for the stage',
    finished: skip !== null,
    attempts: 0,
    failures: 0,
    dispatchKey: null,
    operation: null,
    fromVersion: fleetCar?.version ?? null,
    dispatchedAt: null,
    nextAttemptAt: null,
    soakUntil: null,
    offlineSince: null,
    updatedAt: ctx.changes.nowIso,
  };
  state.cars.set(carId, car);
  ctx.changes.car(car, {});
  return car;
}

/** Picks the stage's cars from the fleet as it is now and opens it. */
export function startStage(
  state: RolloutState,
  stage: StageRecord,
  ctx: StepContext,
): void {
  const policy = policyOf(state, stage.index);
  ctx.changes.stage(stage, {
    status: 'running',
    reason: null,
    startedAt: ctx.changes.nowIso,
    deadlineAt: isoAfter(ctx.now, policy.stageDeadlineSeconds * 1000),
  });
  const taken = new Set(state.cars.keys());
  const pick = pickStageCars(
    state.rollout.definition,
    stage.index,
    ctx.fleet.cars(),
    taken,
    ctx.version,
  );
  for (const carId of pick.carIds) newCarRecord(state, stage.index, carId, ctx);
}

/** Cars that joined the fleet and match a running selector stage are picked up while it runs. */
export function addLateJoiners(
  state: RolloutState,
  stage: StageRecord,
  ctx: StepContext,
): void {
  const definition = state.rollout.definition;
  const stageDef = definition.stages[stage.index];
  if (stageKindOf(stageDef) !== 'selector') return;
  for (const id of ctx.fleet.ids()) {
    if (state.cars.has(id)) continue;
    const car = ctx.fleet.car(id);
    if (
      car &&
      matchesSelector(car, definition.selector) &&
      matchesSelector(car, stageDef.selector)
    )
      newCarRecord(state, stage.index, car.id, ctx);
  }
}
