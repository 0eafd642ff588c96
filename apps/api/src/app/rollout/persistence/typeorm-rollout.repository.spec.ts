import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { RolloutEngine } from '../engine/rollout-engine';
import { toRolloutView } from '../engine/views';
import { FakeDispatcher } from '../testing/fake-dispatcher';
import { FakeFleet } from '../testing/fake-fleet';
import { regionRollout, T0 } from '../testing/rollout-harness';
import { FakeClock } from '../../../testing/fake-clock';
import { ROLLOUT_ENTITIES } from './rollout-entities';
import { TypeOrmRolloutRepository } from './typeorm-rollout.repository';

/** A real SQLite file, reopened as after a restart. */
describe(TypeOrmRolloutRepository.name, () => {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-rollouts-'));
  const file = join(dir, 'rollouts.sqlite');
  const clock = new FakeClock(T0);
  const fleet = new FakeFleet();
  const dispatcher = new FakeDispatcher();
  let dataSource: DataSource;

  async function open(): Promise<RolloutEngine> {
    dataSource = new DataSource({
      type: 'better-sqlite3',
      database: file,
      entities: ROLLOUT_ENTITIES,
      synchronize: true,
    });
    await dataSource.initialize();
    let ids = 0;
    const engine = new RolloutEngine({
      repository: new TypeOrmRolloutRepository(dataSource),
      dispatcher,
      fleet,
      clock,
      newId: () => `db${++ids}`,
    });
    await engine.load();
    return engine;
  }

  afterAll(async () => {
    await dataSource?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores every transition and gives the same rollout back after a reopen, sending nothing twice', async () => {
    const munich = fleet.addMany(250, { region: 'munich' }).map((c) => c.id);
    fleet.addMany(2, { region: 'berlin', vehicleState: 'driving' });
    const first = await open();
    const state = await first.create(
      {
        definition: regionRollout(
          ['munich', 'berlin'],
          { maxConcurrent: 300, maxPerMinute: 300 },
          { approvals: { revert: true } },
        ),
        start: true,
      },
      'alice',
    );
    const id = state.rollout.id;
    fleet.set(munich[0], { version: '1.2.4' });
    await first.onOutcome(dispatcher.finish(munich[0], 'succeeded'));
    const before = toRolloutView(first.get(id));
    await dataSource.destroy();

    const second = await open();
    expect(toRolloutView(second.get(id))).toEqual(before);
    expect(second.get(id).cars.get(munich[0])).toMatchObject({
      bucket: 'soaking',
      finished: false,
      dispatchKey: `${id}:${munich[0]}:1`,
    });
    await second.tick();
    expect(dispatcher.updatedCarIds()).toHaveLength(250);
  });
});
