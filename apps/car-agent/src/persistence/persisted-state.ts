import { VEHICLE_STATES } from '@fleet/shared/contracts';
import type { DesiredState } from '@fleet/shared/contracts';
import { isRecord } from '../messages/parse-json';
import type { VehicleSnapshot } from '../vehicle/vehicle-model';

export const STATE_FILE_VERSION = 1;

/** `<run-folder>/state.json`: what a restarted agent needs to carry on. */
export interface PersistedState {
  version: typeof STATE_FILE_VERSION;
  desiredState: DesiredState;
  vehicle: VehicleSnapshot;
  savedAt: string;
}

export function isPersistedState(value: unknown): value is PersistedState {
  if (!isRecord(value) || value['version'] !== STATE_FILE_VERSION || typeof value['savedAt'] !== 'string') return false;
  const desired = value['desiredState'];
  const vehicle = value['vehicle'];
  return (
    isRecord(desired) &&
    typeof desired['apiVersion'] === 'string' &&
    isRecord(desired['workloads']) &&
    isRecord(desired['configs']) &&
    isRecord(vehicle) &&
    VEHICLE_STATES.some((s) => s === vehicle['state']) &&
    typeof vehicle['batteryPct'] === 'number' &&
    Number.isFinite(vehicle['batteryPct'])
  );
}
