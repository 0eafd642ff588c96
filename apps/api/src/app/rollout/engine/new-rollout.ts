import { stageNameOf } from '@fleet/shared/contracts';
import type { RolloutDefinition } from '@fleet/shared/contracts';
import type { RolloutState } from './records';

export interface CreateRolloutInput {
  definition: RolloutDefinition;
  name?: string;
  start?: boolean;
  startAt?: string;
}

/** A draft: every stage pending, no car picked yet (stages pick their cars when they start). */
export function newRolloutState(
  id: string,
  input: CreateRolloutInput,
  actor: string,
  nowIso: string,
): RolloutState {
  const { definition } = input;
  return {
    rollout: {
      id,
      name: input.name ?? `${definition.version} rollout`,
      version: definition.version,
      status: 'draft',
      reason: null,
      definition,
      createdBy: actor,
      createdAt: nowIso,
      updatedAt: nowIso,
      startAt: null,
      startedAt: null,
      finishedAt: null,
      pendingApproval: null,
      approvedBy: null,
      frozenFrom: null,
      rollbackScope: null,
      revision: 0,
    },
    stages: definition.stages.map((stage, index) => ({
      rolloutId: id,
      index,
      name: stageNameOf(stage, index),
      status: 'pending',
      reason: null,
      startedAt: null,
      finishedAt: null,
      deadlineAt: null,
    })),
    cars: new Map(),
  };
}
