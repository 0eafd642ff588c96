import type { Changes } from './changes';
import type { StepContext } from './context';
import { planSends } from './dispatch-plan';
import type { EngineDeps, EngineLogger } from './engine-options';
import type { RolloutState } from './records';
import { isLive, stepRollout } from './rollout-step';
import type { RolloutStates } from './rollout-states';
import type { Sender } from './sender';
import type { SerialQueue } from './serial-queue';

export interface RolloutPassesDeps {
  states: RolloutStates;
  queue: SerialQueue;
  sender: Sender;
  fleet: EngineDeps['fleet'];
  clock: EngineDeps['clock'];
  /** At most this many cars are sent in one task of the queue. */
  sendConcurrency: number;
  logger: EngineLogger;
  context(state: RolloutState): Promise<StepContext>;
  commit(changes: Changes): Promise<void>;
}

/**
 * The engine's passes: one rollout stepped, committed and its due cars sent, in chunks that leave room in the
 * queue for outcomes and commands; and the tick's pass over every live rollout. Each runs inside the engine's queue.
 */
export class RolloutPasses {
  private tickQueued = false;
  /** Rollouts with a pass queued to send the rest of what was due. */
  private readonly sending = new Set<string>();

  constructor(private readonly deps: RolloutPassesDeps) {}

  /**
   * Steps the rollout, commits, then sends what may be sent now: at most `sendConcurrency` cars in this task. The rest
   * go in a later task of the queue, so that outcomes and commands that came in meanwhile are not held back until a
   * stage of thousands of cars has been sent (at 10,000 cars on a loaded machine that took 35 s).
   */
  async pass(state: RolloutState): Promise<void> {
    const { fleet, clock, sender, sendConcurrency: chunk } = this.deps;
    const ctx = await this.deps.context(state);
    stepRollout(state, ctx);
    await this.deps.commit(ctx.changes);
    const sends = planSends(state, fleet, clock.now());
    if (sends.length > 0) await sender.send(state, sends.slice(0, chunk));
    if (sends.length > chunk) this.sendMore(state);
  }

  /** One pass over every live rollout; passes asked for while one is queued are merged into it. */
  all(): Promise<void> {
    const { queue, states, logger } = this.deps;
    if (this.tickQueued) return queue.idle();
    this.tickQueued = true;
    return queue.run(async () => {
      this.tickQueued = false;
      for (const state of states.values()) {
        if (!isLive(state)) continue;
        try {
          await this.pass(state);
        } catch (error) {
          logger.warn(
            `rollout=${state.rollout.id} tick failed: ${(error as Error).message}`,
          );
        }
      }
    });
  }

  /** Queues one more pass of the rollout (once); a refused one is made up for by the next tick. */
  private sendMore(state: RolloutState): void {
    const id = state.rollout.id;
    if (this.sending.has(id)) return;
    this.sending.add(id);
    this.deps.queue
      .run(async () => {
        this.sending.delete(id);
        if (this.deps.states.holds(state) && isLive(state))
          await this.pass(state);
      })
      .catch((error: Error) => {
        this.sending.delete(id);
        this.deps.logger.warn(
          `rollout=${id} sends not continued: ${error.message}; the next tick goes on`,
        );
      });
  }
}
