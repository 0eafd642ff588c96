import type { UpdateHistoryEntry } from '@fleet/shared/contracts';
import type { UpdateHistoryEntity } from '../../updates/update-history.entity';

/** How long a pending entry must look orphaned before it is sent again (the update store's own resumer goes first). */
export const ORPHAN_GRACE_MS = 10_000;

/**
 * Spots pending history entries whose deployment is not running: the API died after recording the update and
 * before the reconciler marked its Instance in progress, so nothing resumes it. Seen twice, `graceMs` apart, it
 * counts as orphaned (a finishing deployment is pending and not running only for the moment its result is saved).
 */
export class OrphanWatch {
  private readonly firstSeen = new Map<string, number>();

  constructor(private readonly graceMs = ORPHAN_GRACE_MS) {}

  orphaned(entryId: string, running: boolean, now: number): boolean {
    if (running) {
      this.firstSeen.delete(entryId);
      return false;
    }
    const first = this.firstSeen.get(entryId);
    if (first === undefined) {
      if (this.firstSeen.size >= 10_000) this.firstSeen.clear();
      this.firstSeen.set(entryId, now);
      return false;
    }
    if (now - first < this.graceMs) return false;
    this.firstSeen.delete(entryId);
    return true;
  }
}

/** The stored row behind a history view, so that `UpdatesService.resend` can send the same job again. */
export function entityOf(entry: UpdateHistoryEntry): UpdateHistoryEntity {
  return {
    id: entry.id,
    carId: entry.carId,
    kind: entry.kind,
    fromVersion: entry.fromVersion,
    toVersion: entry.toVersion,
    result: entry.result,
    phase: entry.phase,
    actor: entry.actor,
    requestedAt: entry.requestedAt,
    finishedAt: entry.finishedAt,
    instance: entry.instance,
    instanceGeneration: entry.instanceGeneration,
    jobId: entry.jobId,
    coaState: entry.coaState,
    details: {
      components: entry.components,
      plan: entry.plan,
      messages: entry.messages,
    },
  };
}
