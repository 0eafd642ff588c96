import type { Clock } from '../common/clock';
import type { RolloutRepository } from './engine/ports';
import { RolloutStates } from './engine/rollout-states';

/**
 * Several replicas: the rollouts as the database has them, for reads on a follower (the leader's engine holds
 * them in memory). Concurrent callers share one database read.
 */
export class FollowerReads {
  readonly states: RolloutStates;
  private refreshing?: Promise<void>;
  private refreshedAt = 0;
  private readsStarted = 0;
  private readsDone = 0;

  constructor(
    repository: RolloutRepository,
    private readonly clock: Clock,
    private readonly stillFollower: () => boolean,
    warn: (message: string) => void,
  ) {
    this.states = new RolloutStates(repository, { log: () => undefined, warn });
  }

  /**
   * The rollouts as read from the database by a read that started after this call (or, with `maxAgeMs`,
   * within that age); nothing to do once this replica leads.
   */
  async refresh(maxAgeMs = 0): Promise<void> {
    if (
      maxAgeMs > 0 &&
      this.clock.now().getTime() - this.refreshedAt < maxAgeMs
    )
      return;
    const needed = this.readsStarted + 1;
    while (this.stillFollower() && this.readsDone < needed) {
      if (!this.refreshing) {
        const read = ++this.readsStarted;
        const started = this.clock.now().getTime();
        this.refreshing = this.states
          .reload()
          .then(() => {
            this.readsDone = Math.max(this.readsDone, read);
            this.refreshedAt = started;
          })
          .finally(() => (this.refreshing = undefined));
      }
      await this.refreshing;
    }
  }
}
