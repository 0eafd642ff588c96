import { randomUUID } from 'node:crypto';
import type { CarView, SymphonyInstance } from '@fleet/shared/contracts';
import { parseReference } from '@fleet/shared/symphony/util';
import type { UpdateHistoryEntity } from '../../updates/update-history.entity';

/**
 * The history entry of one car's part of an Instance POSTed through `/v1alpha2`: as an update requested
 * through `/api/cars/:id/update`, with the Instance's name and generation, its own job id.
 */
export function instanceHistoryEntry(
  car: CarView,
  instance: SymphonyInstance,
  actor: string,
  requestedAt: string,
  /** The entry's id and job id (the car's deployment claim names it). */
  id: string = randomUUID(),
): UpdateHistoryEntity {
  const reference = instance.spec.solution;
  return {
    id,
    carId: car.id,
    kind: 'update',
    fromVersion: car.version,
    toVersion: parseReference(reference)?.version ?? reference,
    result: 'pending',
    phase: 'queued',
    actor,
    requestedAt,
    finishedAt: null,
    instance: instance.metadata.name,
    instanceGeneration: instance.metadata.objGeneraion ?? 1,
    jobId: id,
    coaState: null,
    details: {
      components: {},
      plan: [],
      messages: [
        `Symphony instance ${instance.metadata.name} (generation ${instance.metadata.objGeneraion ?? 1}) deploys ${reference} to ${car.id}, requested by ${actor}`,
      ],
    },
  };
}
