import type { Clock } from '../common/clock';
import type { InstancesService } from '../symphony/instances.service';
import { reconcilePhaseOf } from '../symphony/reconcile/reconcile-status';
import type { UpdateHistoryEntity } from './update-history.entity';
import type { UpdateHistoryRepository } from './update-history.repository';
import { HISTORY_PROPERTY } from './update-runner';

const INSTANCE_PREFIX = 'fleet-car-';
/** Pending history entries read at start; any beyond wait for the next start. */
export const MAX_RECOVERED = 1_000;

export interface Owed {
  instance: string;
  /**
   * `sent`: the API stopped before the car answered; `park`: interrupted or refused while driving; `unsent`: the
   * request never left the API (broker connection down, provider full), sent again after `UNSENT_RETRY_MS`.
   */
  reason: 'sent' | 'park' | 'unsent';
  entryId: string | null;
  /** Since when the car is owed it (`unsent`: since the update was requested). */
  since: number;
  /** Not sent before this time (`unsent`: the retry wait). */
  notBefore: number;
}

/** A car's Instance whose last reconcile is unfinished, and the history entry it names. */
interface Unfinished {
  carId: string;
  name: string;
  reason: 'sent' | 'park';
  entryId: string | null;
}

/**
 * The update each car is owed, and how it is found in the database: pending history entries, and Instances
 * whose last reconcile did not finish or waits for a park.
 */
export class OwedUpdates {
  private readonly owed = new Map<string, Owed>();

  constructor(
    private readonly history: UpdateHistoryRepository,
    private readonly instances: InstancesService,
    private readonly clock: Clock,
  ) {}

  get size(): number {
    return this.owed.size;
  }

  /** How many cars are owed an update, by why (a reason nobody is owed for counts 0). */
  byReason(): Record<Owed['reason'], number> {
    const counts = { sent: 0, park: 0, unsent: 0 };
    for (const owed of this.owed.values()) counts[owed.reason]++;
    return counts;
  }

  get(carId: string): Owed | undefined {
    return this.owed.get(carId);
  }

  /**
   * Owed from now on, replacing what the car was owed before. `since`: when it became owed, if earlier than now
   * (the give-up window counts from it); `waitMs`: not sent before that has passed.
   */
  owe(
    carId: string,
    instance: string,
    reason: Owed['reason'],
    entryId: string | null,
    { since, waitMs = 0 }: { since?: number; waitMs?: number } = {},
  ): void {
    const now = this.clock.now().getTime();
    this.owed.set(carId, {
      instance,
      reason,
      entryId,
      since: since ?? now,
      notBefore: now + waitMs,
    });
  }

  delete(carId: string): void {
    this.owed.delete(carId);
  }

  clear(): void {
    this.owed.clear();
  }

  /**
   * Pending history entries (the newest of their car), then Instances whose last reconcile did not finish or
   * waits for a park, as the database has them.
   */
  async loadUnfinished(): Promise<void> {
    await this.loadPending();
    const unfinished = (await this.unfinishedInstances()).filter(
      (u) => !this.owed.has(u.carId),
    );
    const entries = await this.entriesOf(unfinished);
    for (const { carId, name, reason, entryId } of unfinished) {
      const entry = entryId ? (entries.get(entryId) ?? null) : null;
      this.owe(carId, name, reason, entryId, {
        since: owedSince(entry, reason),
      });
    }
  }

  /** What `replica` was deploying, and what waited for a park there; the ids of the cars now owed it. */
  async adopt(replica: string): Promise<Set<string>> {
    const adopted = new Set<string>();
    for (const entry of await this.history.pendingOwnedBy(
      replica,
      MAX_RECOVERED,
    )) {
      if (adopted.has(entry.carId) || !(await this.isNewest(entry))) continue;
      adopted.add(entry.carId);
      this.owe(entry.carId, entry.instance, 'sent', entry.id, {
        since: owedSince(entry, 'sent'),
      });
    }
    const parked = (await this.unfinishedInstances()).filter(
      (u) => u.reason === 'park' && u.entryId && !adopted.has(u.carId),
    );
    const entries = await this.entriesOf(parked);
    for (const { carId, name, entryId } of parked) {
      const entry = entryId ? entries.get(entryId) : undefined;
      if (!entry || entry.ownerReplica !== replica) continue;
      adopted.add(carId);
      this.owe(carId, name, 'park', entry.id, {
        since: owedSince(entry, 'park'),
      });
    }
    return adopted;
  }

  /** The cars' Instances whose last reconcile did not finish (`sent`) or waits for a park (`park`). */
  private async unfinishedInstances(): Promise<Unfinished[]> {
    const unfinished: Unfinished[] = [];
    for (const instance of await this.instances.list()) {
      const name = instance.metadata.name;
      const phase = reconcilePhaseOf(instance.status);
      if (
        !name.startsWith(INSTANCE_PREFIX) ||
        (phase !== 'in-progress' && phase !== 'waiting-for-park')
      )
        continue;
      unfinished.push({
        carId: name.slice(INSTANCE_PREFIX.length),
        name,
        reason: phase === 'in-progress' ? 'sent' : 'park',
        entryId: instance.status?.properties?.[HISTORY_PROPERTY] ?? null,
      });
    }
    return unfinished;
  }

  /** Their history entries in a few statements, not one each (after a fleet-wide interrupted update, every car). */
  private entriesOf(
    unfinished: readonly Unfinished[],
  ): Promise<Map<string, UpdateHistoryEntity>> {
    return this.history.findByIds(
      unfinished.flatMap((u) => (u.entryId ? [u.entryId] : [])),
    );
  }

  /** Includes entries the API recorded but stopped before their Instance was marked in progress. */
  private async loadPending(): Promise<void> {
    for (const entry of await this.history.pending(MAX_RECOVERED)) {
      if (this.owed.has(entry.carId) || !(await this.isNewest(entry))) continue;
      this.owe(entry.carId, entry.instance, 'sent', entry.id, {
        since: owedSince(entry, 'sent'),
      });
    }
  }

  private async isNewest(entry: UpdateHistoryEntity): Promise<boolean> {
    const [newest] = await this.history.recent(entry.carId, 1);
    return newest?.id === entry.id;
  }
}

/**
 * Since when a car was owed the entry's update, as the database tells it (so that a restart does not start the
 * give-up window again): a deployment without an answer since it was requested, an interrupted one since it
 * ended. Undefined (now) without an entry.
 */
function owedSince(
  entry: UpdateHistoryEntity | null,
  reason: 'sent' | 'park',
): number | undefined {
  if (!entry) return undefined;
  const at = Date.parse(
    reason === 'park'
      ? (entry.finishedAt ?? entry.requestedAt)
      : entry.requestedAt,
  );
  return Number.isNaN(at) ? undefined : at;
}
