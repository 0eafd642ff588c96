import {
  emptyBucketCounts,
  resolveStagePolicy,
  type BucketCounts,
  type RolloutCarView,
  type RolloutPreview,
  type RolloutProgress,
  type RolloutStagePreview,
  type RolloutStageView,
  type RolloutView,
} from '@fleet/shared/contracts';

let sequence = 0;

/** Bucket counts with every bucket 0 except the given ones. */
export function counts(overrides: Partial<BucketCounts> = {}): BucketCounts {
  return { ...emptyBucketCounts(), ...overrides };
}

/** A region stage (`munich` unless overridden), pending with no cars. */
export function aStageView(overrides: Partial<RolloutStageView> = {}): RolloutStageView {
  const name = overrides.name ?? 'munich';
  return {
    index: 0,
    name,
    kind: 'selector',
    status: 'pending',
    reason: null,
    definition: { selector: { region: name } },
    policy: resolveStagePolicy({ soakSeconds: 3 }),
    startedAt: null,
    finishedAt: null,
    deadlineAt: null,
    total: 0,
    counts: counts(),
    waitingReasons: [],
    ...overrides,
  };
}

/** A draft rollout of 1.2.4 to munich then berlin, created by `olga`. */
export function aRolloutView(overrides: Partial<RolloutView> = {}): RolloutView {
  sequence++;
  const id = overrides.id ?? `r${sequence}`;
  const stages = overrides.stages ?? [aStageView({ index: 0, name: 'munich' }), aStageView({ index: 1, name: 'berlin' })];
  return {
    id,
    name: '1.2.4 rollout',
    version: '1.2.4',
    status: 'draft',
    reason: null,
    definition: { version: '1.2.4', stages: stages.map((s) => s.definition), policy: { soakSeconds: 3 } },
    createdBy: 'olga',
    createdAt: '2026-11-26T10:00:00.000Z',
    updatedAt: '2026-11-26T10:00:00.000Z',
    startAt: null,
    startedAt: null,
    finishedAt: null,
    currentStage: null,
    pendingApproval: null,
    approvedBy: null,
    stages,
    campaign: { campaign: `rollout-${id}`, campaignVersion: `rollout-${id}-v-1`, activation: `rollout-${id}` },
    ...overrides,
  };
}

/** The `rollout.progress` event of `view` as it stands, with `overrides` on top. */
export function aProgress(view: RolloutView, overrides: Partial<RolloutProgress> = {}): RolloutProgress {
  return {
    id: view.id,
    name: view.name,
    version: view.version,
    status: view.status,
    reason: view.reason,
    currentStage: view.currentStage,
    stages: view.stages.map(({ name, status, total, counts, waitingReasons }) => ({ name, status, total, counts, waitingReasons })),
    at: new Date(Date.UTC(2026, 10, 26, 10, 0, 0, ++sequence)).toISOString(),
    ...overrides,
  };
}

export function aRolloutCar(overrides: Partial<RolloutCarView> = {}): RolloutCarView {
  sequence++;
  return {
    carId: `car-${sequence}`,
    stageIndex: 0,
    stage: 'munich',
    bucket: 'pending',
    reason: 'pending: not sent yet',
    finished: false,
    attempts: 0,
    fromVersion: '1.2.3',
    dispatchedAt: null,
    updatedAt: '2026-11-26T10:00:00.000Z',
    ...overrides,
  };
}

export function aStagePreview(overrides: Partial<RolloutStagePreview> = {}): RolloutStagePreview {
  return { name: 'munich', kind: 'selector', total: 2, eligible: 2, waiting: 0, unreachable: 0, incompatible: 0, reasons: {}, ...overrides };
}

export function aPreview(stages: RolloutStagePreview[] = [aStagePreview()], overrides: Partial<RolloutPreview> = {}): RolloutPreview {
  return { version: '1.2.4', stages, unassigned: 0, ...overrides };
}
