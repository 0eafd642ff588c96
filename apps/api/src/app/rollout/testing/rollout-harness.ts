import type {
  CarBucket,
  RolloutDefinition,
  RolloutStageStatus,
  RolloutView,
  StagePolicy,
} from '@fleet/shared/contracts';
import { FakeClock } from '../../../testing/fake-clock';
import type { EngineOptions } from '../engine/rollout-engine';
import { CreateRolloutInput, RolloutEngine } from '../engine/rollout-engine';
import type { CarOutcome } from '../engine/ports';
import { toRolloutView } from '../engine/views';
import { FakeDispatcher } from './fake-dispatcher';
import { FakeFleet } from './fake-fleet';
import { InMemoryRolloutRepository } from './in-memory-rollout.repository';

/** A Monday, 10:00 UTC (11:00 in Munich). */
export const T0 = '2026-03-02T10:00:00.000Z';

/** Stages by region, with a short soak and otherwise the defaults. */
export function regionRollout(
  regions: string[],
  policy: Partial<StagePolicy> = {},
  extra: Partial<RolloutDefinition> = {},
): RolloutDefinition {
  return {
    version: '1.2.4',
    stages: regions.map((region) => ({ selector: { region } })),
    policy: { soakSeconds: 10, ...policy },
    ...extra,
  };
}

/** The engine with a fake clock, fleet and dispatcher and an in-memory repository that survives `restart`. */
export class RolloutHarness {
  readonly clock = new FakeClock(T0);
  readonly fleet = new FakeFleet();
  readonly dispatcher = new FakeDispatcher();
  readonly repository = new InMemoryRolloutRepository();
  engine: RolloutEngine;
  private ids = 0;

  constructor(private readonly options: Partial<EngineOptions> = {}) {
    this.engine = this.build();
  }

  /** As after `kill -9` and a restart: a new engine from what the repository holds. */
  async restart(): Promise<void> {
    this.engine = this.build();
    await this.engine.load();
  }

  async create(
    definition: RolloutDefinition,
    extra: Partial<CreateRolloutInput> = {},
    actor = 'alice',
  ): Promise<string> {
    const state = await this.engine.create(
      { definition, start: true, ...extra },
      actor,
    );
    return state.rollout.id;
  }

  async advance(seconds: number): Promise<void> {
    this.clock.advance(seconds * 1000);
    await this.engine.tick();
  }

  /** The car's last send ended with `result`; on success the car runs what it was sent. */
  async report(
    carId: string,
    result: CarOutcome['result'],
    message?: string,
  ): Promise<void> {
    const outcome = this.dispatcher.finish(carId, result, message);
    if (result === 'succeeded' || result === 'rolled-back')
      this.fleet.set(carId, { version: outcome.version });
    await this.engine.onOutcome(outcome);
  }

  async reportAll(
    carIds: string[],
    result: CarOutcome['result'],
  ): Promise<void> {
    for (const id of carIds) await this.report(id, result);
  }

  view(id: string): RolloutView {
    return toRolloutView(this.engine.get(id));
  }

  stageStatus(id: string, index: number): RolloutStageStatus {
    return this.view(id).stages[index].status;
  }

  bucket(id: string, carId: string): CarBucket | undefined {
    return this.engine.get(id).cars.get(carId)?.bucket;
  }

  reason(id: string, carId: string): string | undefined {
    return this.engine.get(id).cars.get(carId)?.reason;
  }

  private build(): RolloutEngine {
    return new RolloutEngine({
      repository: this.repository,
      dispatcher: this.dispatcher,
      fleet: this.fleet,
      clock: this.clock,
      newId: () => `r${++this.ids}`,
      options: { sendTimeoutMs: 50, ...this.options },
    });
  }
}
