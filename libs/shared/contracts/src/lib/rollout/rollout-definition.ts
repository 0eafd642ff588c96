/** What a stage does when it fails: roll its cars back (default), pause the rollout, or go on with the next stage. */
export type StageFailurePolicy = 'rollback' | 'pause' | 'continue';
export const STAGE_FAILURE_POLICIES: readonly StageFailurePolicy[] = [
  'rollback',
  'pause',
  'continue',
];

/** The rules of one stage. Every field has a default; a rollout's `policy` overrides them, a stage's own overrides that. */
export interface StagePolicy {
  /** How long a car must stay healthy on the new version before it counts as succeeded. */
  soakSeconds: number;
  /** The share of counted cars (not skipped, not unreachable) that must succeed. */
  successThresholdPct: number;
  /** The stage fails early once more than this share of finished cars failed; defaults to 100 - success. */
  errorThresholdPct: number;
  /** ...but only after this many cars finished. */
  errorMinSample: number;
  /** A car sent an update with no result after this long has failed. */
  inProgressTimeoutSeconds: number;
  /** A car offline for this long is given up as unreachable (never counted as failed). */
  unreachableTimeoutSeconds: number;
  /** Cars still waiting (driving, interrupted, outside the window) this long after the stage started are skipped. */
  stageDeadlineSeconds: number;
  /** Retries of a retryable failure (refused send, no answer), with exponential backoff. */
  maxRetries: number;
  retryBackoffSeconds: number;
  /** Dispatch rate limits of the stage. */
  maxConcurrent: number;
  maxPerMinute: number;
  onFailure: StageFailurePolicy;
}

/** The seed's numbers: a five-minute soak, all cars must succeed, a failed stage is rolled back. */
export const DEFAULT_STAGE_POLICY: Omit<StagePolicy, 'errorThresholdPct'> = {
  soakSeconds: 300,
  successThresholdPct: 100,
  errorMinSample: 1,
  inProgressTimeoutSeconds: 900,
  unreachableTimeoutSeconds: 600,
  stageDeadlineSeconds: 3600,
  maxRetries: 3,
  retryBackoffSeconds: 10,
  maxConcurrent: 20,
  maxPerMinute: 120,
  onFailure: 'rollback',
};

/** Stage over rollout over defaults; the error threshold follows the success threshold unless set. */
export function resolveStagePolicy(
  ...layers: (Partial<StagePolicy> | undefined)[]
): StagePolicy {
  const merged = Object.assign(
    {},
    DEFAULT_STAGE_POLICY,
    ...layers.map((l) => l ?? {}),
  ) as Partial<StagePolicy>;
  return {
    ...(merged as Omit<StagePolicy, 'errorThresholdPct'>),
    errorThresholdPct:
      merged.errorThresholdPct ?? 100 - (merged.successThresholdPct ?? 100),
  };
}

/** Cars whose properties match every given key. */
export interface CarSelector {
  region?: string;
  model?: string;
  /** The version the car runs now. */
  version?: string;
}

export const CAR_SELECTOR_KEYS: readonly (keyof CarSelector)[] = [
  'region',
  'model',
  'version',
];

/**
 * One stage: exactly one of `selector` (e.g. `{region: "munich"}`; cars that join the fleet while the stage runs
 * are picked up), `carIds`, `percent` (of the cars no earlier stage took) or `batchSize` (as many of those).
 */
export interface RolloutStageDefinition {
  /** Defaults to the region of a region selector, else `stage-<n>`. */
  name?: string;
  selector?: CarSelector;
  carIds?: string[];
  percent?: number;
  batchSize?: number;
  policy?: Partial<StagePolicy>;
}

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const WEEKDAYS: readonly Weekday[] = [
  'mon',
  'tue',
  'wed',
  'thu',
  'fri',
  'sat',
  'sun',
];

/** Cars of `region` are sent updates only between `start` and `end` (`HH:MM`, local time of `timeZone`). */
export interface MaintenanceWindow {
  region: string;
  /** An IANA time zone, e.g. `Europe/Berlin`. */
  timeZone: string;
  start: string;
  /** May be before `start`: the window then spans midnight. */
  end: string;
  /** The local weekdays the window opens on (the day it starts); every day when absent. */
  days?: Weekday[];
}

/** A second user (an admin, not the one who asked) must approve these. */
export interface RolloutApprovals {
  start?: boolean;
  revert?: boolean;
}

export interface RolloutDefinition {
  version: string;
  /** Only these cars take part; the whole fleet when absent. */
  selector?: CarSelector;
  /** Only cars that run one of these versions now; the others are skipped. */
  fromVersions?: string[];
  stages: RolloutStageDefinition[];
  policy?: Partial<StagePolicy>;
  maintenanceWindows?: MaintenanceWindow[];
  approvals?: RolloutApprovals;
}

export type StageKind = 'selector' | 'cars' | 'percent' | 'batch';

export function stageKindOf(stage: RolloutStageDefinition): StageKind {
  if (stage.carIds) return 'cars';
  if (stage.percent !== undefined) return 'percent';
  if (stage.batchSize !== undefined) return 'batch';
  return 'selector';
}

export function stageNameOf(
  stage: RolloutStageDefinition,
  index: number,
): string {
  return stage.name ?? stage.selector?.region ?? `stage-${index + 1}`;
}

/** Kept for existing imports; the DTOs type their lists as arrays with `@ListOf()`. */
// eslint-disable-next-line @typescript-eslint/no-empty-interface, @typescript-eslint/no-empty-object-type
export interface RolloutStageList extends Array<RolloutStageDefinition> {}
// eslint-disable-next-line @typescript-eslint/no-empty-interface, @typescript-eslint/no-empty-object-type
export interface MaintenanceWindowList extends Array<MaintenanceWindow> {}
