import type { EngineLogger } from './engine-options';
import type { RolloutState } from './records';
import { isLive } from './rollout-step';
import type { RolloutStates } from './rollout-states';
import type { Sender } from './sender';
import type { SerialQueue } from './serial-queue';

export interface InquiryRoundDeps {
  states: RolloutStates;
  sender: Sender;
  queue: SerialQueue;
  pass(state: RolloutState): Promise<void>;
  logger: EngineLogger;
}

/**
 * The inquiries about stale sends of every live rollout, at most one round at a time. Asked outside the engine's
 * queue (thousands of cars may be in flight, and outcomes and commands must not wait for the answers); the answers
 * (and a pass) are applied inside it, rollout by rollout.
 */
export class InquiryRound {
  private running: Promise<void> | null = null;

  constructor(private readonly deps: InquiryRoundDeps) {}

  /** Starts a round, or joins the one running; resolves once it is done. */
  run(): Promise<void> {
    this.running ??= this.round().finally(() => (this.running = null));
    return this.running;
  }

  private async round(): Promise<void> {
    const { states, sender, queue, logger } = this.deps;
    for (const state of [...states.values()]) {
      if (!isLive(state)) continue;
      try {
        const answers = await sender.askStale(state);
        if (answers.length === 0) continue;
        await queue.run(async () => {
          // Reloaded meanwhile (a failed commit, a new leadership): the answers belong to records no longer held.
          if (!states.holds(state)) return;
          await sender.apply(state, answers);
          await this.deps.pass(state);
        });
      } catch (error) {
        logger.warn(
          `rollout=${state.rollout.id} inquiry failed: ${(error as Error).message}`,
        );
      }
    }
  }
}
