import type { RolloutRepository } from '../engine/ports';
import type {
  CarRecord,
  RolloutChange,
  RolloutRecord,
  RolloutState,
  StageRecord,
} from '../engine/records';

/** Keeps copies, as a database would: what the engine holds in memory is never shared with it. */
export class InMemoryRolloutRepository implements RolloutRepository {
  readonly rollouts = new Map<string, RolloutRecord>();
  readonly stages = new Map<string, StageRecord>();
  readonly cars = new Map<string, CarRecord>();
  commits = 0;
  failNext = false;

  async loadAll(): Promise<RolloutState[]> {
    return [...this.rollouts.values()].map((rollout) => ({
      rollout: structuredClone(rollout),
      stages: [...this.stages.values()]
        .filter((s) => s.rolloutId === rollout.id)
        .sort((a, b) => a.index - b.index)
        .map((s) => structuredClone(s)),
      cars: new Map(
        [...this.cars.values()]
          .filter((c) => c.rolloutId === rollout.id)
          .map((c) => [c.carId, structuredClone(c)]),
      ),
    }));
  }

  async commit(change: RolloutChange): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('database unavailable');
    }
    this.commits++;
    for (const r of change.rollouts)
      this.rollouts.set(r.id, structuredClone(r));
    for (const s of change.stages)
      this.stages.set(`${s.rolloutId}/${s.index}`, structuredClone(s));
    for (const c of change.cars)
      this.cars.set(`${c.rolloutId}/${c.carId}`, structuredClone(c));
  }

  car(rolloutId: string, carId: string): CarRecord | undefined {
    return this.cars.get(`${rolloutId}/${carId}`);
  }
}
