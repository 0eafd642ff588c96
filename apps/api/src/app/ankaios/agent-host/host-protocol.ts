import type { VehicleState } from '@fleet/shared/contracts';
import { isRecord } from '../../mqtt/payload-guards';

// The IPC protocol of `car-agent host` (apps/car-agent/src/host/host-protocol.ts), mirrored here because the
// API may not import the car agent's code.

/** API -> host. */
export type HostCommand =
  | {
      type: 'add';
      name: string;
      tags?: Record<string, string>;
      vehicleState?: VehicleState;
    }
  | { type: 'remove'; name: string };

/** Host -> API. */
export type HostEvent =
  | { type: 'ready'; cars: number }
  | { type: 'added'; name: string }
  | { type: 'exited'; name: string; code: number }
  | { type: 'rejected'; name: string; reason: string };

export function isHostEvent(v: unknown): v is HostEvent {
  if (!isRecord(v)) return false;
  switch (v['type']) {
    case 'ready':
      return typeof v['cars'] === 'number';
    case 'added':
      return typeof v['name'] === 'string';
    case 'exited':
      return typeof v['name'] === 'string' && typeof v['code'] === 'number';
    case 'rejected':
      return typeof v['name'] === 'string' && typeof v['reason'] === 'string';
    default:
      return false;
  }
}
