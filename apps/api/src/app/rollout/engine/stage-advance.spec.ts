import { regionRollout, RolloutHarness } from '../testing/rollout-harness';
import { RolloutEngine } from './rollout-engine';

describe(`${RolloutEngine.name}: stages advance on health`, () => {
  let h: RolloutHarness;

  beforeEach(() => {
    h = new RolloutHarness();
  });

  it('updates Munich first and starts Berlin only after Munich stayed healthy through the soak', async () => {
    const munich = h.fleet.addMany(3, { region: 'munich' }).map((c) => c.id);
    const berlin = h.fleet.addMany(2, { region: 'berlin' }).map((c) => c.id);
    const id = await h.create(
      regionRollout(['munich', 'berlin'], { soakSeconds: 30 }),
    );

    expect(h.dispatcher.updatedCarIds().sort()).toEqual([...munich].sort());
    expect(h.stageStatus(id, 1)).toBe('pending');

    await h.reportAll(munich, 'succeeded');
    expect(h.view(id).stages[0].counts.soaking).toBe(3);
    await h.advance(29);
    expect(h.stageStatus(id, 0)).toBe('running');
    expect(h.dispatcher.updatedCarIds()).toHaveLength(3);

    await h.advance(1);
    expect(h.stageStatus(id, 0)).toBe('succeeded');
    expect(h.view(id).stages[0].counts.succeeded).toBe(3);
    expect(h.stageStatus(id, 1)).toBe('running');
    expect(h.dispatcher.updatedCarIds().slice(3).sort()).toEqual(
      [...berlin].sort(),
    );

    await h.reportAll(berlin, 'succeeded');
    await h.advance(30);
    const view = h.view(id);
    expect(view.status).toBe('completed');
    expect(view.reason).toBe('all 2 stages succeeded');
    expect(view.finishedAt).not.toBeNull();
  });

  it('fails a car that turns unhealthy during the soak, even though its install succeeded', async () => {
    const [car] = h.fleet.addMany(1, { region: 'munich' });
    const id = await h.create(
      regionRollout(['munich'], { soakSeconds: 60, onFailure: 'pause' }),
    );
    await h.report(car.id, 'succeeded');
    await h.advance(20);
    h.fleet.set(car.id, {
      health: 'unhealthy',
      healthDetail: 'telematics unhealthy',
    });
    await h.advance(1);
    expect(h.bucket(id, car.id)).toBe('failed');
    expect(h.reason(id, car.id)).toBe(
      'failed: unhealthy during the soak (telematics unhealthy)',
    );
  });

  it('records each car with the version it ran before and shows why it is where it is', async () => {
    const [car] = h.fleet.addMany(1, { region: 'munich', version: '1.2.2' });
    const id = await h.create(regionRollout(['munich']));
    const record = h.engine.get(id).cars.get(car.id);
    expect(record).toMatchObject({
      bucket: 'updating',
      fromVersion: '1.2.2',
      attempts: 1,
      reason: 'updating: 1.2.4 sent',
    });
    expect(record?.dispatchKey).toBe(`${id}:${car.id}:1`);
  });

  it('skips incompatible models and cars already on the version, with the reason, and does not count them', async () => {
    const ok = h.fleet.add({ region: 'munich' });
    const van = h.fleet.add({ region: 'munich', model: 'atlas-van' });
    const current = h.fleet.add({ region: 'munich', version: '1.2.4' });
    const id = await h.create(regionRollout(['munich']));
    expect(h.dispatcher.updatedCarIds()).toEqual([ok.id]);
    expect(h.reason(id, van.id)).toBe(
      'skipped: model atlas-van is not compatible with 1.2.4 (compatible: sedan, suv)',
    );
    expect(h.reason(id, current.id)).toBe('skipped: already runs 1.2.4');
    await h.report(ok.id, 'succeeded');
    await h.advance(10);
    expect(h.view(id).stages[0]).toMatchObject({
      status: 'succeeded',
      reason: '1 of 1 cars succeeded',
    });
  });

  it('skips cars whose current version is not one the rollout takes', async () => {
    const old = h.fleet.add({ region: 'munich', version: '1.1.0' });
    const id = await h.create(
      regionRollout(['munich'], {}, { fromVersions: ['1.2.3'] }),
    );
    expect(h.reason(id, old.id)).toBe(
      'skipped: runs 1.1.0; this rollout takes cars on 1.2.3',
    );
  });

  it('picks up a car that joins the region while its stage runs, but not after the stage ended', async () => {
    const [first] = h.fleet.addMany(1, { region: 'munich' });
    h.fleet.addMany(1, { region: 'berlin' });
    const id = await h.create(regionRollout(['munich', 'berlin']));
    const late = h.fleet.add({ region: 'munich' });
    await h.advance(1);
    expect(h.bucket(id, late.id)).toBe('updating');

    await h.reportAll([first.id, late.id], 'succeeded');
    await h.advance(10);
    expect(h.stageStatus(id, 0)).toBe('succeeded');
    const tooLate = h.fleet.add({ region: 'munich' });
    await h.advance(1);
    expect(h.bucket(id, tooLate.id)).toBeUndefined();
  });

  it('takes a percentage, then a batch, of the cars no earlier stage took', async () => {
    h.fleet.addMany(10, { region: 'munich' });
    const id = await h.create({
      version: '1.2.4',
      stages: [
        { name: 'canary', percent: 20 },
        { batchSize: 3 },
        { percent: 100 },
      ],
      policy: { soakSeconds: 10 },
    });
    const view = h.view(id);
    expect(view.stages.map((s) => s.name)).toEqual([
      'canary',
      'stage-2',
      'stage-3',
    ]);
    expect(view.stages[0].total).toBe(2);
    await h.reportAll(h.dispatcher.updatedCarIds(), 'succeeded');
    await h.advance(10);
    expect(h.view(id).stages[1].total).toBe(3);
  });

  it('updates the cars of a car-list stage', async () => {
    const cars = h.fleet.addMany(3, { region: 'munich' });
    await h.create({
      version: '1.2.4',
      stages: [{ carIds: [cars[2].id, cars[0].id] }],
    });
    expect(h.dispatcher.updatedCarIds().sort()).toEqual(
      [cars[0].id, cars[2].id].sort(),
    );
  });
});
