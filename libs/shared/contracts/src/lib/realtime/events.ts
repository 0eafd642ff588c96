import type { LogLine } from '../agent/messages';
import type { CarView, FleetSummary } from '../cars/car';
import type { RolloutProgress } from '../rollout/rollout-view';

/** The socket.io path of the realtime gateway. */
export const REALTIME_PATH = '/ws';

/** Server -> console events. Car changes are aggregated: one event carries every car changed in a flush interval. */
export interface ServerEvents {
  'cars.changed': { cars: CarView[] };
  'cars.removed': { ids: string[] };
  'fleet.summary': FleetSummary;
  'car.logs': { carId: string; lines: LogLine[] };
  /** Per-stage counters of one rollout, at most a few per second per rollout (never one event per car). */
  'rollout.progress': RolloutProgress;
}

export interface LogSubscription {
  carId: string;
  /** Only this workload's lines when set. */
  workload?: string;
}

export interface Ack {
  ok: boolean;
  error?: string;
}

/** Console -> server events; each is answered through the socket.io acknowledgement. */
export interface ClientEvents {
  'logs.subscribe': LogSubscription;
  'logs.unsubscribe': LogSubscription;
}

export type ServerEventName = keyof ServerEvents;
export type ClientEventName = keyof ClientEvents;

/** socket.io's typed-socket shapes, derived from the maps above. */
export type ServerToClientListeners = { [E in ServerEventName]: (payload: ServerEvents[E]) => void };
export type ClientToServerListeners = {
  [E in ClientEventName]: (payload: ClientEvents[E], ack?: (a: Ack) => void) => void;
};
