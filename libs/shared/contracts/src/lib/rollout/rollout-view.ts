import type {
  RolloutDefinition,
  RolloutStageDefinition,
  StageKind,
  StagePolicy,
} from './rollout-definition';
import type {
  BucketCounts,
  CarBucket,
  RolloutStageStatus,
  RolloutStatus,
} from './rollout-status';

/** An action that waits for a second user's approval. */
export interface PendingApproval {
  action: 'start' | 'rollback';
  requestedBy: string;
  /** ISO-8601. */
  requestedAt: string;
  /** For a rollback after a failed stage: that stage; null for the whole rollout. */
  stageIndex: number | null;
}

export interface RolloutStageView {
  index: number;
  name: string;
  kind: StageKind;
  status: RolloutStageStatus;
  /** Why it stands where it does (e.g. `2 of 3 cars failed (threshold 0%)`). */
  reason: string | null;
  definition: RolloutStageDefinition;
  /** The effective rules (defaults, rollout, stage). */
  policy: StagePolicy;
  startedAt: string | null;
  finishedAt: string | null;
  /** Cars still waiting after this are skipped. */
  deadlineAt: string | null;
  /** The cars picked so far. */
  total: number;
  counts: BucketCounts;
  /** Why the stage's waiting cars wait (`driving`, `offline`, …), most common first; over all of them. */
  waitingReasons: WaitingReasonCount[];
}

export interface WaitingReasonCount {
  reason: string;
  count: number;
}

/** The Symphony objects that mirror the rollout (`/v1alpha2/campaigns`, `campaignversions`, `activations/registry`). */
export interface RolloutCampaignRefs {
  campaign: string;
  campaignVersion: string;
  activation: string;
}

/** `GET /api/rollouts/:id`. */
export interface RolloutView {
  id: string;
  name: string;
  version: string;
  status: RolloutStatus;
  reason: string | null;
  definition: RolloutDefinition;
  createdBy: string;
  /** ISO-8601 times. */
  createdAt: string;
  updatedAt: string;
  startAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** The last stage that started; null before the first. */
  currentStage: number | null;
  pendingApproval: PendingApproval | null;
  approvedBy: string | null;
  stages: RolloutStageView[];
  campaign: RolloutCampaignRefs;
}

/** `GET /api/rollouts/:id/cars`: one car of a rollout. */
export interface RolloutCarView {
  carId: string;
  stageIndex: number;
  stage: string;
  bucket: CarBucket;
  /** Why it is in its bucket, for people (`waiting: driving`, `skipped: model atlas-van is not compatible`). */
  reason: string;
  /** True once the car's part is over. */
  finished: boolean;
  /** How many times an update or rollback was sent. */
  attempts: number;
  /** The version the car ran before the rollout sent it the new one. */
  fromVersion: string | null;
  dispatchedAt: string | null;
  updatedAt: string;
}

/** The dry run of one stage against the fleet as it is now. */
export interface RolloutStagePreview {
  name: string;
  kind: StageKind;
  total: number;
  /** Online, parked, compatible, inside the maintenance window: would be sent now. */
  eligible: number;
  /** Driving or outside the maintenance window. */
  waiting: number;
  unreachable: number;
  /** Incompatible model or current version, or already on the version. */
  incompatible: number;
  /** Car id -> reason, for every car not eligible. */
  reasons: Record<string, string>;
}

/** `POST /api/rollouts/preview`. */
export interface RolloutPreview {
  version: string;
  stages: RolloutStagePreview[];
  /** Cars of the rollout's selector that no stage takes. */
  unassigned: number;
}

/** `POST /api/rollouts/emergency-stop`. */
export interface EmergencyStopResult {
  mode: 'freeze' | 'freeze-and-revert';
  rollouts: { id: string; status: RolloutStatus }[];
}

/** The `rollout.progress` WebSocket event: aggregated counters, at most a few per second per rollout. */
export interface RolloutProgress {
  id: string;
  name: string;
  version: string;
  status: RolloutStatus;
  reason: string | null;
  currentStage: number | null;
  stages: {
    name: string;
    status: RolloutStageStatus;
    total: number;
    counts: BucketCounts;
    waitingReasons: WaitingReasonCount[];
  }[];
  /** ISO-8601. */
  at: string;
}
