import type {
  CarRecord,
  RolloutChange,
  RolloutRecord,
  StageRecord,
} from './records';

/** Collects what one transition changed, stamping `updatedAt`, so that it is written in one transaction. */
export class Changes {
  private readonly rollouts = new Set<RolloutRecord>();
  private readonly stages = new Set<StageRecord>();
  private readonly cars = new Set<CarRecord>();

  constructor(readonly nowIso: string) {}

  get empty(): boolean {
    return this.rollouts.size + this.stages.size + this.cars.size === 0;
  }

  rollout(record: RolloutRecord, patch: Partial<RolloutRecord> = {}): void {
    Object.assign(record, patch, { updatedAt: this.nowIso });
    this.rollouts.add(record);
  }

  stage(record: StageRecord, patch: Partial<StageRecord>): void {
    Object.assign(record, patch);
    this.stages.add(record);
  }

  car(record: CarRecord, patch: Partial<CarRecord>): void {
    Object.assign(record, patch, { updatedAt: this.nowIso });
    this.cars.add(record);
  }

  /** Which rollouts this touched (a stage or car change touches its rollout's revision too). */
  rolloutIds(): Set<string> {
    return new Set([
      ...[...this.rollouts].map((r) => r.id),
      ...[...this.stages].map((s) => s.rolloutId),
      ...[...this.cars].map((c) => c.rolloutId),
    ]);
  }

  toChange(): RolloutChange {
    return {
      rollouts: [...this.rollouts],
      stages: [...this.stages],
      cars: [...this.cars],
    };
  }
}
