import { Logger } from '@nestjs/common';
import type { ReplicaPresence } from '../cluster/replica-presence';
import type { UpdateHistoryEntity } from './update-history.entity';
import type { UpdateHistoryRepository } from './update-history.repository';

/**
 * Which replica a pending history entry belongs to, for the update resumer: a live replica's entries are its own
 * (it runs them, or waits for the park itself); a dead one's are claimed by a conditional write before they are
 * sent again or given up, so that exactly one replica does it. Without presence (one replica) all are this one's.
 */
export class EntryOwnership {
  private readonly logger = new Logger('UpdateResumer');

  constructor(
    private readonly history: UpdateHistoryRepository,
    private readonly presence?: ReplicaPresence,
    private readonly replicaId?: string,
  ) {}

  /** The entry belongs to another replica that is alive. */
  async ownedElsewhere(entry: UpdateHistoryEntity | null): Promise<boolean> {
    const owner = entry?.ownerReplica;
    if (!this.presence || !owner || owner === this.replicaId) return false;
    return this.presence.isAlive(owner);
  }

  /** Makes the pending entry this replica's; false when another replica took it or it has ended meanwhile. */
  async takeOver(entry: UpdateHistoryEntity): Promise<boolean> {
    const owner = entry.ownerReplica ?? null;
    if (!this.replicaId || owner === this.replicaId) return true;
    if (!(await this.history.claim(entry.id, owner, this.replicaId))) {
      this.logger.log(
        `car=${entry.carId} the unfinished deployment ${entry.jobId} was taken over or ended elsewhere`,
      );
      return false;
    }
    entry.ownerReplica = this.replicaId;
    return true;
  }
}
