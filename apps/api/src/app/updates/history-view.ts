import { coaStateName } from '@fleet/shared/contracts';
import type { UpdateHistoryEntry } from '@fleet/shared/contracts';
import type { UpdateHistoryEntity } from './update-history.entity';

export function toHistoryEntry(row: UpdateHistoryEntity): UpdateHistoryEntry {
  return {
    id: row.id,
    carId: row.carId,
    kind: row.kind,
    fromVersion: row.fromVersion,
    toVersion: row.toVersion,
    result: row.result,
    phase: row.phase,
    actor: row.actor,
    requestedAt: row.requestedAt,
    finishedAt: row.finishedAt,
    instance: row.instance,
    instanceGeneration: row.instanceGeneration,
    jobId: row.jobId,
    coaState: row.coaState,
    coaStateName: row.coaState === null ? null : coaStateName(row.coaState),
    components: row.details.components,
    plan: row.details.plan,
    messages: row.details.messages,
  };
}
