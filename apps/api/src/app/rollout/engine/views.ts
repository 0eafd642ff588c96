import {
  emptyBucketCounts,
  resolveStagePolicy,
  stageKindOf,
} from '@fleet/shared/contracts';
import type {
  BucketCounts,
  RolloutCampaignRefs,
  RolloutCarView,
  RolloutProgress,
  RolloutView,
  WaitingReasonCount,
} from '@fleet/shared/contracts';
import { carsOfStage, CarRecord, RolloutState } from './records';

export function campaignRefs(rolloutId: string): RolloutCampaignRefs {
  const root = `rollout-${rolloutId}`;
  return { campaign: root, campaignVersion: `${root}-v-1`, activation: root };
}

export function bucketCounts(cars: readonly CarRecord[]): BucketCounts {
  const counts = emptyBucketCounts();
  for (const car of cars) counts[car.bucket]++;
  return counts;
}

/** `waiting: driving` -> `driving`; most common first, then by name. */
export function waitingReasonsOf(
  cars: readonly CarRecord[],
): WaitingReasonCount[] {
  const counts = new Map<string, number>();
  for (const car of cars) {
    if (car.bucket !== 'waiting') continue;
    const reason = car.reason.replace(/^waiting:\s*/, '') || 'waiting';
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return [...counts]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}

export function currentStageOf(state: RolloutState): number | null {
  const started = state.stages.filter((s) => s.startedAt !== null);
  return started.length > 0 ? started[started.length - 1].index : null;
}

export function toRolloutView(state: RolloutState): RolloutView {
  const { rollout } = state;
  const definition = rollout.definition;
  return {
    id: rollout.id,
    name: rollout.name,
    version: rollout.version,
    status: rollout.status,
    reason: rollout.reason,
    definition,
    createdBy: rollout.createdBy,
    createdAt: rollout.createdAt,
    updatedAt: rollout.updatedAt,
    startAt: rollout.startAt,
    startedAt: rollout.startedAt,
    finishedAt: rollout.finishedAt,
    currentStage: currentStageOf(state),
    pendingApproval: rollout.pendingApproval,
    approvedBy: rollout.approvedBy,
    stages: state.stages.map((stage) => {
      const cars = carsOfStage(state, stage.index);
      const stageDefinition = definition.stages[stage.index];
      return {
        index: stage.index,
        name: stage.name,
        kind: stageKindOf(stageDefinition),
        status: stage.status,
        reason: stage.reason,
        definition: stageDefinition,
        policy: resolveStagePolicy(definition.policy, stageDefinition.policy),
        startedAt: stage.startedAt,
        finishedAt: stage.finishedAt,
        deadlineAt: stage.deadlineAt,
        total: cars.length,
        counts: bucketCounts(cars),
        waitingReasons: waitingReasonsOf(cars),
      };
    }),
    campaign: campaignRefs(rollout.id),
  };
}

export function toCarView(state: RolloutState, car: CarRecord): RolloutCarView {
  return {
    carId: car.carId,
    stageIndex: car.stageIndex,
    stage: state.stages[car.stageIndex]?.name ?? '',
    bucket: car.bucket,
    reason: car.reason,
    finished: car.finished,
    attempts: car.attempts,
    fromVersion: car.fromVersion,
    dispatchedAt: car.dispatchedAt,
    updatedAt: car.updatedAt,
  };
}

export function toProgress(state: RolloutState, at: string): RolloutProgress {
  const { rollout } = state;
  return {
    id: rollout.id,
    name: rollout.name,
    version: rollout.version,
    status: rollout.status,
    reason: rollout.reason,
    currentStage: currentStageOf(state),
    stages: state.stages.map((stage) => {
      const cars = carsOfStage(state, stage.index);
      return {
        name: stage.name,
        status: stage.status,
        total: cars.length,
        counts: bucketCounts(cars),
        waitingReasons: waitingReasonsOf(cars),
      };
    }),
    at,
  };
}
