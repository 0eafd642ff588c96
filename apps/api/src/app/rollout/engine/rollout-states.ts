import type { Changes } from './changes';
import type { EngineLogger } from './engine-options';
import { RolloutError } from './errors';
import type { RolloutListener, RolloutRepository } from './ports';
import type { RolloutState } from './records';

/** The engine's memory of every rollout, written through to the repository one transaction at a time. */
export class RolloutStates {
  private readonly states = new Map<string, RolloutState>();
  private readonly listeners: RolloutListener[] = [];

  constructor(
    private readonly repository: RolloutRepository,
    private readonly logger: EngineLogger,
  ) {}

  onChange(listener: RolloutListener): void {
    this.listeners.push(listener);
  }

  values(): IterableIterator<RolloutState> {
    return this.states.values();
  }

  /** Whether `state` is still the one held for its rollout (a reload replaces them all). */
  holds(state: RolloutState): boolean {
    return this.states.get(state.rollout.id) === state;
  }

  add(state: RolloutState): void {
    this.states.set(state.rollout.id, state);
  }

  list(): RolloutState[] {
    return [...this.states.values()].sort((a, b) =>
      b.rollout.createdAt.localeCompare(a.rollout.createdAt),
    );
  }

  get(id: string): RolloutState {
    const state = this.states.get(id);
    if (!state) throw new RolloutError('not-found', `rollout ${id} not found`);
    return state;
  }

  async reload(): Promise<void> {
    const states = await this.repository.loadAll();
    this.states.clear();
    for (const state of states) this.states.set(state.rollout.id, state);
  }

  async commit(changes: Changes): Promise<void> {
    if (changes.empty) return;
    const ids = changes.rolloutIds();
    for (const id of ids) {
      const state = this.states.get(id);
      if (state)
        changes.rollout(state.rollout, {
          revision: state.rollout.revision + 1,
        });
    }
    try {
      await this.repository.commit(changes.toChange());
    } catch (error) {
      // Memory ran ahead of the database: take the database's word for it again.
      this.logger.warn(
        `commit failed, reloading rollouts: ${(error as Error).message}`,
      );
      await this.reload();
      throw error;
    }
    for (const id of ids) {
      const state = this.states.get(id);
      if (state) this.listeners.forEach((l) => l(state));
    }
  }

  /** The live rollout other than `except` that the car is still part of. */
  busyIn(carId: string, except: string): string | undefined {
    for (const state of this.states.values()) {
      if (state.rollout.id === except) continue;
      const car = state.cars.get(carId);
      if (car && !car.finished) return state.rollout.id;
    }
    return undefined;
  }
}
