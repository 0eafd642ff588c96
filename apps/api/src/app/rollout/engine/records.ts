import type {
  CarBucket,
  PendingApproval,
  RolloutDefinition,
  RolloutStageStatus,
  RolloutStatus,
} from '@fleet/shared/contracts';

/** What the engine persists of a rollout (times are ISO-8601 strings, as in every other table). */
export interface RolloutRecord {
  id: string;
  name: string;
  version: string;
  status: RolloutStatus;
  reason: string | null;
  definition: RolloutDefinition;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  startAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  pendingApproval: PendingApproval | null;
  approvedBy: string | null;
  /** What an emergency freeze interrupted, so that resume returns to it. */
  frozenFrom: RolloutStatus | null;
  /** `stage`: a failed stage is being reverted (ends `failed`); `all`: the whole rollout (ends `rolled-back`). */
  rollbackScope: 'stage' | 'all' | null;
  /** Bumped on every committed change. */
  revision: number;
}

export interface StageRecord {
  rolloutId: string;
  index: number;
  name: string;
  status: RolloutStageStatus;
  reason: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  deadlineAt: string | null;
}

export type CarOperation = 'update' | 'rollback';

export interface CarRecord {
  rolloutId: string;
  carId: string;
  stageIndex: number;
  bucket: CarBucket;
  reason: string;
  /** The car's part is over (every bucket but `unreachable` implies it; an unreachable car may still come back). */
  finished: boolean;
  /** Sends so far (updates and rollbacks); part of the idempotency key. */
  attempts: number;
  /** Retryable failures so far, for the retry budget. */
  failures: number;
  /** `<rollout>:<car>:<attempt>`, persisted before the send. */
  dispatchKey: string | null;
  /** What was last sent; null before the first send. */
  operation: CarOperation | null;
  fromVersion: string | null;
  dispatchedAt: string | null;
  nextAttemptAt: string | null;
  soakUntil: string | null;
  offlineSince: string | null;
  updatedAt: string;
}

/** One rollout with its stages and cars, as the engine holds it in memory. */
export interface RolloutState {
  rollout: RolloutRecord;
  stages: StageRecord[];
  cars: Map<string, CarRecord>;
}

/** Everything one transition changed: written in one transaction. */
export interface RolloutChange {
  rollouts: RolloutRecord[];
  stages: StageRecord[];
  cars: CarRecord[];
}

export const FINAL_BUCKETS: readonly CarBucket[] = [
  'succeeded',
  'failed',
  'skipped',
  'rolled-back',
  'cancelled',
];

/** Still part of the stage's outcome: not yet succeeded or failed, and not given up. */
export function isOpen(car: CarRecord): boolean {
  return !car.finished;
}

export function isInFlight(car: CarRecord): boolean {
  return car.bucket === 'updating' || car.bucket === 'rolling-back';
}

export function carsOfStage(state: RolloutState, index: number): CarRecord[] {
  return [...state.cars.values()].filter((c) => c.stageIndex === index);
}
