import { msSince, isDue, policyOf } from './context';
import { gate } from './eligibility';
import { windowFor } from './maintenance-window';
import type { FleetView } from './ports';
import { carsOfStage, CarRecord, isInFlight, RolloutState } from './records';

const MINUTE_MS = 60_000;

export interface PlannedSend {
  car: CarRecord;
  operation: 'update' | 'rollback';
}

/**
 * What may be sent now: updates only while the rollout runs, within each running stage's concurrency and
 * per-minute limits; rollbacks whenever the rollout is not frozen. Both only to online, parked cars; updates
 * only inside the region's maintenance window.
 */
export function planSends(
  state: RolloutState,
  fleet: FleetView,
  now: Date,
): PlannedSend[] {
  const { rollout } = state;
  if (rollout.status === 'frozen') return [];
  const sends: PlannedSend[] = [];
  for (const stage of state.stages) {
    const cars = carsOfStage(state, stage.index);
    if (stage.status === 'rolling-back') {
      for (const car of cars)
        if (
          car.bucket === 'rollback-pending' &&
          isDue(car.nextAttemptAt, now) &&
          gate(fleet.car(car.carId), now).kind === 'ready'
        )
          sends.push({ car, operation: 'rollback' });
      continue;
    }
    if (stage.status !== 'running' || rollout.status !== 'running') continue;
    const policy = policyOf(state, stage.index);
    const inFlight = cars.filter(isInFlight).length;
    const lastMinute = cars.filter(
      (c) =>
        c.dispatchedAt !== null && msSince(c.dispatchedAt, now) < MINUTE_MS,
    ).length;
    let budget = Math.min(
      policy.maxConcurrent - inFlight,
      policy.maxPerMinute - lastMinute,
    );
    for (const car of cars) {
      if (budget <= 0) break;
      if (
        car.finished ||
        (car.bucket !== 'pending' && car.bucket !== 'interrupted') ||
        !isDue(car.nextAttemptAt, now)
      )
        continue;
      const fleetCar = fleet.car(car.carId);
      if (
        gate(
          fleetCar,
          now,
          windowFor(
            rollout.definition.maintenanceWindows,
            fleetCar?.region ?? '',
          ),
        ).kind !== 'ready'
      )
        continue;
      sends.push({ car, operation: 'update' });
      budget--;
    }
  }
  return sends;
}
