import { flush } from '../../testing/symphony/symphony-harness';
import type { UpdateHistoryEntry } from '@fleet/shared/contracts';
import { BULK_CONCURRENCY, BULK_STARTS_PER_TURN, BulkUpdatesService } from './bulk-updates.service';
import { updatesHarness } from '../../testing/updates/updates-harness';

async function setup() {
  const h = updatesHarness();
  await h.seed();
  h.carsReportInstalledVersions();
  await h.addCar('m1');
  await h.addCar('m2', { vehicleState: 'driving' });
  await h.addCar('m3', { model: 'cirrus-van' });
  await h.addCar('b1', { region: 'berlin', version: '1.2.4' });
  return h;
}

const outcomes = (results: { carId: string; status: string }[]) =>
  Object.fromEntries(results.map((r) => [r.carId, r.status]));

describe(BulkUpdatesService.name, () => {
  it('updates the cars of a filter, each accepted or refused with its reason', async () => {
    const h = await setup();

    const response = await h.bulk.update(
      { filter: { region: 'munich' }, version: '1.3.0' },
      'alice',
    );

    expect(outcomes(response.results)).toEqual({
      m1: 'accepted',
      m2: 'refused',
      m3: 'refused',
    });
    expect(response).toMatchObject({ accepted: 1, refused: 2 });
    expect(response.results.find((r) => r.carId === 'm2')).toMatchObject({
      statusCode: 409,
      reason: expect.stringContaining('driving'),
    });
    expect(response.results.find((r) => r.carId === 'm3')).toMatchObject({
      statusCode: 422,
    });
  });

  it('lets the event loop run between the waves of cars it accepts', async () => {
    const h = await setup();
    const total = BULK_CONCURRENCY * 3;
    for (let i = 0; i < total; i++)
      await h.addCar(`x${i}`, { region: 'cologne' });
    const accepted = () =>
      [...Array(total).keys()].filter(
        (i) => h.registry.get(`x${i}`)?.updateState === 'updating',
      ).length;
    // A callback of the loop's check phase, again every turn, notes how many cars were accepted by then.
    const seen: number[] = [];
    let ticking = true;
    const tick = () => {
      seen.push(accepted());
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);

    const response = await h.bulk.update(
      { filter: { region: 'cologne' }, version: '1.2.4' },
      'alice',
    );
    ticking = false;

    expect(response.accepted).toBe(total);
    // Accepted in one go, the loop would only have run before the first car or after the last.
    expect(seen.some((n) => n > 0 && n < total)).toBe(true);
    // 1,536 cars are created and updated: 3.8 s alone on a slow 2-core machine, past jest's 5 s under CI's parallel load.
  }, 30_000);

  it('keeps up to BULK_CONCURRENCY cars in flight, starting at most BULK_STARTS_PER_TURN a turn', async () => {
    const h = await setup();
    const total = BULK_CONCURRENCY + 100;
    const carIds = Array.from({ length: total }, (_, i) => `c${i}`);
    let inFlight = 0;
    let most = 0;
    let startedThisTurn = 0;
    let mostPerTurn = 0;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    // Queued before the request, so it runs first in each check phase: it opens the count of a new turn.
    let ticking = true;
    const tick = () => {
      startedThisTurn = 0;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    // Each car's acceptance waits (as for the database) until as many cars as allowed are in flight.
    jest.spyOn(h.updates, 'request').mockImplementation(async ({ carId }) => {
      inFlight++;
      most = Math.max(most, inFlight);
      mostPerTurn = Math.max(mostPerTurn, ++startedThisTurn);
      if (inFlight === BULK_CONCURRENCY) release();
      await released;
      inFlight--;
      return { carId } as UpdateHistoryEntry;
    });

    const response = await h.bulk.update({ carIds, version: '1.2.4' }, 'alice');
    ticking = false;

    expect(response.accepted).toBe(total);
    expect(most).toBe(BULK_CONCURRENCY);
    expect(mostPerTurn).toBe(BULK_STARTS_PER_TURN);
  });

  it('looks the version up once for all the cars of one request', async () => {
    const h = await setup();
    await h.addCar('m4');
    const lookups = jest.spyOn(h.versions, 'get');

    const response = await h.bulk.update(
      { filter: { region: 'munich' }, version: '1.3.0' },
      'alice',
    );
    const unknown = await h.bulk.update(
      { carIds: ['m1', 'm4'], version: '9.9.9' },
      'alice',
    );

    expect(response.accepted).toBe(2);
    expect(lookups.mock.calls).toEqual([['1.3.0'], ['9.9.9']]);
    expect(unknown.results).toEqual([
      expect.objectContaining({
        carId: 'm1',
        status: 'refused',
        statusCode: 404,
      }),
      expect.objectContaining({
        carId: 'm4',
        status: 'refused',
        statusCode: 404,
      }),
    ]);
  });

  it('takes explicit car ids (once each) and a version filter', async () => {
    const h = await setup();

    const byIds = await h.bulk.update(
      { carIds: ['m1', 'm1', 'ghost'], version: '1.2.4' },
      'alice',
    );
    await flush(30);
    const byVersion = await h.bulk.update(
      { filter: { version: '1.2.4' }, version: '1.2.3' },
      'alice',
    );

    expect(byIds.results.map((r) => [r.carId, r.status])).toEqual([
      ['m1', 'accepted'],
      ['ghost', 'refused'],
    ]);
    expect(byVersion.results.map((r) => r.carId).sort()).toEqual(['b1', 'm1']);
  });

  it('rolls a car back to the version it ran before its current one, and then refuses a second rollback', async () => {
    const h = await setup();
    await h.updates.request({
      carId: 'm1',
      version: '1.2.4',
      kind: 'update',
      actor: 'alice',
    });
    await flush(30);
    h.clock.advance(1000);

    const rollback = await h.bulk.rollback({ carIds: ['m1'] }, 'bob');
    await flush(30);
    h.clock.advance(1000);
    const again = await h.bulk.rollback({ carIds: ['m1'] }, 'bob');

    expect(rollback.results[0]).toMatchObject({
      status: 'accepted',
      entry: {
        kind: 'rollback',
        fromVersion: '1.2.4',
        toVersion: '1.2.3',
        actor: 'bob',
      },
    });
    expect((await h.instances.get('fleet-car-m1')).spec.solution).toBe(
      'fleet:1.2.3',
    );
    expect(h.registry.get('m1')).toMatchObject({
      updateState: 'rolled-back',
      version: '1.2.3',
    });
    expect(again.results[0]).toMatchObject({
      status: 'refused',
      statusCode: 409,
      reason: expect.stringContaining('give toVersion'),
    });
  });

  it('rolls a region back to an explicit version', async () => {
    const h = await setup();

    const response = await h.bulk.rollback(
      { region: 'berlin', toVersion: '1.2.3' },
      'bob',
    );

    expect(response.results).toEqual([
      expect.objectContaining({ carId: 'b1', status: 'accepted' }),
    ]);
  });

  it('needs car ids or a filter', async () => {
    const h = await setup();

    await expect(
      h.bulk.update({ version: '1.2.4' }, 'a'),
    ).rejects.toMatchObject({ status: 400 });
    await expect(h.bulk.rollback({}, 'a')).rejects.toMatchObject({
      status: 400,
    });
  });
});
