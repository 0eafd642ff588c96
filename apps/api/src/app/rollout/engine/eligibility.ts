import { isModelCompatible } from '@fleet/shared/contracts';
import type {
  MaintenanceWindow,
  RolloutDefinition,
} from '@fleet/shared/contracts';
import { describeWindow, isWindowOpen } from './maintenance-window';
import type { FleetCar, VersionInfo } from './ports';

/** Why a car can never take this rollout's version, or null. */
export function incompatibility(
  car: FleetCar,
  definition: RolloutDefinition,
  version: VersionInfo | null,
  busyIn?: string,
): string | null {
  if (busyIn) return `skipped: already part of rollout ${busyIn}`;
  if (version && !isModelCompatible(car.model, version.compatibleModels))
    return `skipped: model ${car.model} is not compatible with ${definition.version} (compatible: ${version.compatibleModels.join(', ')})`;
  if (car.version === definition.version)
    return `skipped: already runs ${definition.version}`;
  const from = definition.fromVersions;
  if (from && !(car.version !== null && from.includes(car.version)))
    return `skipped: runs ${car.version ?? 'no known version'}; this rollout takes cars on ${from.join(', ')}`;
  return null;
}

export type Gate =
  | { kind: 'ready' }
  | { kind: 'waiting'; reason: string }
  | { kind: 'unreachable'; reason: string };

/** Whether a car may be sent something now: online, parked and (for updates) inside its region's window. */
export function gate(
  car: FleetCar | undefined,
  now: Date,
  window?: MaintenanceWindow,
): Gate {
  // A car missing from the registry (deleted, or not loaded yet at boot) waits like an offline one.
  if (!car)
    return {
      kind: 'unreachable',
      reason: 'unreachable: the car is not in the fleet',
    };
  if (car.connection !== 'online')
    return {
      kind: 'unreachable',
      reason: `unreachable: the car is ${car.connection}`,
    };
  if (car.vehicleState !== 'parked')
    return { kind: 'waiting', reason: 'waiting: driving' };
  if (window && !isWindowOpen(window, now))
    return {
      kind: 'waiting',
      reason: `waiting: outside the maintenance window ${describeWindow(window)}`,
    };
  return { kind: 'ready' };
}
