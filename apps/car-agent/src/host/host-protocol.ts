import type { VehicleState } from '@fleet/shared/contracts';
import { isAnkaiosName, VEHICLE_STATES } from '@fleet/shared/contracts';

/** Parent -> host over the IPC channel. */
export type HostCommand =
  | { type: 'add'; name: string; tags?: Record<string, string>; vehicleState?: VehicleState }
  | { type: 'remove'; name: string };

/** Host -> parent over the IPC channel. */
export type HostEvent =
  | { type: 'ready'; cars: number }
  | { type: 'added'; name: string }
  | { type: 'exited'; name: string; code: number }
  | { type: 'rejected'; name: string; reason: string };

/** A type guard: anything else that arrives on the channel is logged and dropped. */
export function isHostCommand(value: unknown): value is HostCommand {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if (!isAnkaiosName(v['name'])) return false;
  if (v['type'] === 'remove') return true;
  if (v['type'] !== 'add') return false;
  const tagsOk =
    v['tags'] === undefined ||
    (typeof v['tags'] === 'object' && v['tags'] !== null && Object.values(v['tags']).every((t) => typeof t === 'string'));
  const stateOk = v['vehicleState'] === undefined || VEHICLE_STATES.includes(v['vehicleState'] as VehicleState);
  return tagsOk && stateOk;
}
