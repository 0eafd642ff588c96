/**
 * Where a rollout stands. `draft`: created, not started; `awaiting-approval`: a second user must approve the
 * start or a revert; `scheduled`: starts at `startAt`; `frozen`: stopped by an emergency stop (no new dispatch,
 * in-flight updates finish); `failed`: a stage failed (its cars rolled back by default).
 */
export type RolloutStatus =
  | 'draft'
  | 'awaiting-approval'
  | 'scheduled'
  | 'running'
  | 'paused'
  | 'frozen'
  | 'rolling-back'
  | 'completed'
  | 'failed'
  | 'rolled-back'
  | 'cancelled';

export const ROLLOUT_STATUSES: readonly RolloutStatus[] = [
  'draft',
  'awaiting-approval',
  'scheduled',
  'running',
  'paused',
  'frozen',
  'rolling-back',
  'completed',
  'failed',
  'rolled-back',
  'cancelled',
];

/** A rollout in one of these never changes again. */
export const FINAL_ROLLOUT_STATUSES: readonly RolloutStatus[] = [
  'completed',
  'failed',
  'rolled-back',
  'cancelled',
];

/** `halted`: a stage that never ran because an earlier one failed or the rollout ended. */
export type RolloutStageStatus =
  | 'pending'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'rolling-back'
  | 'rolled-back'
  | 'halted'
  | 'cancelled';

export const ROLLOUT_STAGE_STATUSES: readonly RolloutStageStatus[] = [
  'pending',
  'running',
  'succeeded',
  'failed',
  'rolling-back',
  'rolled-back',
  'halted',
  'cancelled',
];

/**
 * Where one car of a rollout stands; its `reason` says why, for people.
 * - `pending`: picked, not yet sent; `waiting`: driving, or outside its region's maintenance window;
 * - `unreachable`: offline (never counted as failed); `updating`: sent, no result yet;
 * - `interrupted`: started driving mid-install, resumes at the next park (not counted as failed);
 * - `soaking`: runs the new version, watched for the soak window; `succeeded`: stayed healthy through it;
 * - `failed`: the install failed, the car turned unhealthy or ran out of retries or time;
 * - `skipped`: incompatible model or current version, or the stage deadline passed first;
 * - `rollback-pending` / `rolling-back` / `rolled-back`: being reverted to its previous version;
 * - `cancelled`: never sent, because the stage or rollout stopped.
 */
export type CarBucket =
  | 'pending'
  | 'waiting'
  | 'unreachable'
  | 'updating'
  | 'interrupted'
  | 'soaking'
  | 'succeeded'
  | 'failed'
  | 'skipped'
  | 'rollback-pending'
  | 'rolling-back'
  | 'rolled-back'
  | 'cancelled';

export const CAR_BUCKETS: readonly CarBucket[] = [
  'pending',
  'waiting',
  'unreachable',
  'updating',
  'interrupted',
  'soaking',
  'succeeded',
  'failed',
  'skipped',
  'rollback-pending',
  'rolling-back',
  'rolled-back',
  'cancelled',
];

export type BucketCounts = Record<CarBucket, number>;

export function emptyBucketCounts(): BucketCounts {
  return Object.fromEntries(CAR_BUCKETS.map((b) => [b, 0])) as BucketCounts;
}

/** `freeze`: no new dispatch anywhere, in-flight updates finish; `freeze-and-revert`: also roll back updated cars. */
export type EmergencyStopMode = 'freeze' | 'freeze-and-revert';
export const EMERGENCY_STOP_MODES: readonly EmergencyStopMode[] = [
  'freeze',
  'freeze-and-revert',
];
