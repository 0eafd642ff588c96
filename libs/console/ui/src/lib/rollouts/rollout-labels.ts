import type { CarBucket, RolloutStageStatus, RolloutStatus } from '@fleet/shared/contracts';

export type RolloutTone = 'neutral' | 'active' | 'ok' | 'warn' | 'failed';

export const ROLLOUT_STATUS_LABELS: Record<RolloutStatus, string> = {
  draft: 'Draft',
  'awaiting-approval': 'Awaiting approval',
  scheduled: 'Scheduled',
  running: 'Running',
  paused: 'Paused',
  frozen: 'Frozen',
  'rolling-back': 'Rolling back',
  completed: 'Completed',
  failed: 'Failed',
  'rolled-back': 'Rolled back',
  cancelled: 'Cancelled',
};

/** An icon per status, so that the status never depends on colour alone. */
export const ROLLOUT_STATUS_ICONS: Record<RolloutStatus, string> = {
  draft: 'edit_note',
  'awaiting-approval': 'how_to_reg',
  scheduled: 'schedule',
  running: 'play_circle',
  paused: 'pause_circle',
  frozen: 'ac_unit',
  'rolling-back': 'undo',
  completed: 'check_circle',
  failed: 'error',
  'rolled-back': 'history',
  cancelled: 'cancel',
};

export const ROLLOUT_TONES: Record<RolloutStatus, RolloutTone> = {
  draft: 'neutral',
  'awaiting-approval': 'warn',
  scheduled: 'neutral',
  running: 'active',
  paused: 'warn',
  frozen: 'failed',
  'rolling-back': 'warn',
  completed: 'ok',
  failed: 'failed',
  'rolled-back': 'warn',
  cancelled: 'neutral',
};

export const STAGE_STATUS_LABELS: Record<RolloutStageStatus, string> = {
  pending: 'Pending',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  'rolling-back': 'Rolling back',
  'rolled-back': 'Rolled back',
  halted: 'Halted',
  cancelled: 'Cancelled',
};

export const STAGE_TONES: Record<RolloutStageStatus, RolloutTone> = {
  pending: 'neutral',
  running: 'active',
  succeeded: 'ok',
  failed: 'failed',
  'rolling-back': 'warn',
  'rolled-back': 'warn',
  halted: 'neutral',
  cancelled: 'neutral',
};

/** Bucket names for people, in the order the progress bar stacks them. */
export const BUCKET_LABELS: Record<CarBucket, string> = {
  succeeded: 'Succeeded',
  soaking: 'Soaking',
  updating: 'In progress',
  pending: 'Pending',
  waiting: 'Waiting',
  interrupted: 'Interrupted',
  unreachable: 'Unreachable',
  skipped: 'Skipped',
  failed: 'Failed',
  'rollback-pending': 'Rollback pending',
  'rolling-back': 'Rolling back',
  'rolled-back': 'Rolled back',
  cancelled: 'Cancelled',
};

export const BUCKET_ORDER = Object.keys(BUCKET_LABELS) as CarBucket[];

/** Buckets whose cars are done with this rollout (the determinate share of a stage's bar). */
export const SETTLED_BUCKETS: readonly CarBucket[] = ['succeeded', 'failed', 'skipped', 'rolled-back', 'cancelled'];

/** Shown in every stage's legend even at zero: the numbers people look for first. */
export const HEADLINE_BUCKETS: readonly CarBucket[] = ['succeeded', 'failed'];
