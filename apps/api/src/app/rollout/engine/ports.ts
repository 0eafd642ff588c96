import type { CarConnection, VehicleState } from '@fleet/shared/contracts';
import type { CarOperation, RolloutChange, RolloutState } from './records';

/** Who and what a send belongs to; `key` is unique per rollout, car and attempt. */
export interface DispatchContext {
  rolloutId: string;
  stage: string;
  attempt: number;
  key: string;
  actor: string;
}

export type DispatchResult =
  | { accepted: true }
  | {
      accepted: false;
      reason: string;
      /** Worth another try later (busy, not reachable now). */
      retryable: boolean;
      /** The car can never take it (incompatible): skipped, not failed. */
      skip?: boolean;
    };

export type CarOutcomeResult =
  | 'succeeded'
  | 'failed'
  | 'interrupted'
  | 'unreachable'
  | 'rolled-back';

/** How one send ended for one car. */
export interface CarOutcome {
  carId: string;
  operation: CarOperation;
  /** The version the car was sent to. */
  version: string;
  result: CarOutcomeResult;
  message: string;
}

/** What became of a send whose result the engine has not seen (after a restart, or a lost event). */
export type CarInquiry =
  | { state: 'in-flight' }
  /** It never reached the car: sending it again is not a second update. */
  | { state: 'not-started' }
  | { state: 'finished'; outcome: CarOutcome };

/** Sends updates and rollbacks to single cars; results come back through `onOutcome` of the engine. */
export interface RolloutDispatcher {
  dispatch(
    carId: string,
    version: string,
    ctx: DispatchContext,
  ): Promise<DispatchResult>;
  rollback(
    carId: string,
    toVersion: string | null,
    ctx: DispatchContext,
  ): Promise<DispatchResult>;
  inquire(
    carId: string,
    operation: CarOperation,
    version: string,
    ctx: DispatchContext & { since: string },
  ): Promise<CarInquiry>;
}

export type CarHealth = 'healthy' | 'unhealthy' | 'unknown';

export interface FleetCar {
  id: string;
  region: string;
  model: string;
  version: string | null;
  vehicleState: VehicleState;
  connection: CarConnection;
  health: CarHealth;
  /** Why the car is unhealthy, for people. */
  healthDetail?: string;
}

export interface VersionInfo {
  version: string;
  /** Empty: every model. */
  compatibleModels: string[];
}

/** The fleet as it is now. */
export interface FleetView {
  cars(): FleetCar[];
  /** Every car's id, without building its view (a pass looks for cars new to a rollout among thousands). */
  ids(): Iterable<string>;
  car(id: string): FleetCar | undefined;
  version(version: string): Promise<VersionInfo | null>;
}

export interface RolloutRepository {
  loadAll(): Promise<RolloutState[]>;
  /** All of it in one transaction. */
  commit(change: RolloutChange): Promise<void>;
}

export interface EngineClock {
  now(): Date;
}

/** Told after every committed change of a rollout. */
export type RolloutListener = (state: RolloutState) => void;
