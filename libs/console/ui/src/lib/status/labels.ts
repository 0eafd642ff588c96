import type { CarDisplayStatus, ExecutionStateName, VehicleState } from '@fleet/shared/contracts';

export const DISPLAY_LABELS: Record<CarDisplayStatus, string> = {
  ok: 'OK',
  updating: 'Updating',
  failed: 'Failed',
  parked: 'Parked',
  offline: 'Offline',
};

/** An icon per status, so that the status never depends on colour alone. */
export const DISPLAY_ICONS: Record<CarDisplayStatus, string> = {
  ok: 'check_circle',
  updating: 'sync',
  failed: 'error',
  parked: 'local_parking',
  offline: 'cloud_off',
};

export const VEHICLE_STATE_LABELS: Record<VehicleState, string> = { parked: 'Parked', driving: 'Driving' };

export type ExecutionTone = 'running' | 'pending' | 'failed' | 'neutral';

/** Ankaios execution state colours: Running green, Pending yellow, Failed red, anything else grey. */
export function executionTone(state: ExecutionStateName): ExecutionTone {
  if (state === 'Running') return 'running';
  if (state === 'Pending') return 'pending';
  if (state === 'Failed') return 'failed';
  return 'neutral';
}
