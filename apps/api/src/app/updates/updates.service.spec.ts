import { CoaState, FleetProviderState } from '@fleet/shared/contracts';
import { applyAnswer } from '../../testing/symphony/coa-car';
import { rejection } from '../../testing/symphony/rejection';
import { flush } from '../../testing/symphony/symphony-harness';
import { updatesHarness } from '../../testing/updates/updates-harness';
import { UpdatesService } from './updates.service';
import type { UpdateFinished } from './updates.service';

async function setup() {
  const h = updatesHarness();
  await h.seed();
  h.carsReportInstalledVersions();
  return h;
}

const request = (carId: string, version: string) => ({
  carId,
  version,
  kind: 'update' as const,
  actor: 'alice',
});

describe(UpdatesService.name, () => {
  it('accepts an update: the car’s Instance points at the version, the history says pending, the car shows updating', async () => {
    const h = await setup();
    await h.addCar('c1');
    h.publisher.behaviour = () => undefined;

    const entry = await h.updates.request(request('c1', '1.2.4'));

    expect(entry).toMatchObject({
      carId: 'c1',
      kind: 'update',
      fromVersion: '1.2.3',
      toVersion: '1.2.4',
      result: 'pending',
      actor: 'alice',
      instance: 'fleet-car-c1',
      instanceGeneration: 1,
      jobId: entry.id,
      coaState: null,
    });
    expect((await h.instances.get('fleet-car-c1')).spec).toEqual({
      displayName: 'fleet software of c1',
      solution: 'fleet:1.2.4',
      target: { name: 'car-c1' },
    });
    expect(h.registry.get('c1')).toMatchObject({
      updateState: 'updating',
      display: 'updating',
    });
  });

  it('announces each finished deployment on finished$ with its saved history entry and actor', async () => {
    const h = await setup();
    await h.addCar('c1');
    const finished: UpdateFinished[] = [];
    h.updates.finished$.subscribe((f) => finished.push(f));

    const { id } = await h.updates.request(request('c1', '1.2.4'));
    await flush(30);

    const [saved] = (await h.updates.historyPage('c1', 1, 10)).items;
    expect(finished).toEqual([
      expect.objectContaining({ carId: 'c1', entryId: id, actor: 'alice' }),
    ]);
    expect(finished[0].entry).toEqual(saved);
    expect(finished[0].entry.result).toBe('succeeded');
  });

  it('finishes a successful update as succeeded, with the car’s codes in the history', async () => {
    const h = await setup();
    await h.addCar('c1');

    const { id } = await h.updates.request(request('c1', '1.2.4'));
    await flush(30);

    const [entry] = (await h.updates.historyPage('c1', 1, 10)).items;
    expect(entry).toMatchObject({
      id,
      result: 'succeeded',
      phase: 'finished',
      coaState: 200,
      coaStateName: 'OK',
    });
    expect(entry.components['adas']).toEqual({
      status: CoaState.Updated,
      message: 'Running(Ok), healthy',
    });
    expect(entry.plan.map((s) => s.component)).toEqual([
      'telematics',
      'infotainment',
      'adas',
    ]);
    expect(entry.messages).toContain('fleet-v-1.2.4 runs on car-c1');
    expect(h.registry.get('c1')).toMatchObject({
      updateState: 'succeeded',
      version: '1.2.4',
    });
  });

  it('records a rolled-back install as failed and shows the car red', async () => {
    const h = await setup();
    await h.addCar('c1');
    h.publisher.behaviour = (r) =>
      r.envelope.method === 'GET'
        ? { state: 200, body: [] }
        : applyAnswer(
            r,
            CoaState.InternalError,
            CoaState.UpdateFailed,
            'adas Pending(StartingFailed), health unhealthy; rolled back',
          );

    await h.updates.request(request('c1', '1.3.0'));
    await flush(30);

    const [entry] = (await h.updates.historyPage('c1', 1, 10)).items;
    expect(entry).toMatchObject({
      result: 'failed',
      coaState: 500,
      components: { adas: { status: 8001 } },
    });
    expect(h.registry.get('c1')).toMatchObject({
      updateState: 'failed',
      display: 'failed',
    });
  });

  it('records an install interrupted by driving as interrupted, not failed', async () => {
    const h = await setup();
    await h.addCar('c1');
    h.publisher.behaviour = (r) =>
      r.envelope.method === 'GET'
        ? { state: 200, body: [] }
        : applyAnswer(
            r,
            FleetProviderState.Interrupted,
            FleetProviderState.Interrupted,
            'interrupted: vehicle started driving',
          );

    await h.updates.request(request('c1', '1.2.4'));
    await flush(30);

    const [entry] = (await h.updates.historyPage('c1', 1, 10)).items;
    expect(entry).toMatchObject({
      result: 'interrupted',
      coaState: 19001,
      coaStateName: 'Interrupted',
    });
    expect(entry.messages).toContain(
      'the update applies again once the car is parked',
    );
    expect(h.registry.get('c1')?.updateState).toBe('idle');
  });

  it.each([
    ['an unknown car', 'nope', '1.2.4', {}, 404, 'car nope not found'],
    ['an unknown version', 'c1', '9.9.9', {}, 404, 'version 9.9.9 not found'],
    [
      'a model the version does not support',
      'c1',
      '1.3.0',
      { model: 'cirrus-van' },
      422,
      'not compatible',
    ],
    [
      'a driving car',
      'c1',
      '1.2.4',
      { vehicleState: 'driving' as const },
      409,
      'driving',
    ],
    ['an offline car', 'c1', '1.2.4', { online: false }, 409, 'offline'],
  ])('refuses %s', async (_what, carId, version, car, status, message) => {
    const h = await setup();
    await h.addCar('c1', car);

    const error = await rejection(h.updates.request(request(carId, version)));

    expect(error.status).toBe(status);
    expect(error.text).toContain(message);
    expect(h.publisher.requests).toHaveLength(0);
  });

  it('refuses a second update while one is in flight, also when both arrive at once', async () => {
    const h = await setup();
    await h.addCar('c1');
    h.publisher.behaviour = () => undefined;

    const results = await Promise.allSettled([
      h.updates.request(request('c1', '1.2.4')),
      h.updates.request(request('c1', '1.2.4')),
    ]);
    const later = await rejection(h.updates.request(request('c1', '1.2.4')));

    expect(results.map((r) => r.status).sort()).toEqual([
      'fulfilled',
      'rejected',
    ]);
    expect(later).toMatchObject({ status: 409 });
    expect(later.text).toContain('in flight');
  });

  it('pages the history newest first and answers 404 for a car it never knew', async () => {
    const h = await setup();
    await h.addCar('c1');
    await h.updates.request(request('c1', '1.2.4'));
    await flush(30);
    h.clock.advance(1000);
    await h.updates.request(request('c1', '1.2.3'));
    await flush(30);

    const page = await h.updates.historyPage('c1', 1, 1);

    expect(page).toMatchObject({ total: 2, page: 1, pageSize: 1 });
    expect(page.items[0].toVersion).toBe('1.2.3');
    expect(
      (await rejection(h.updates.historyPage('ghost', 1, 10))).status,
    ).toBe(404);
  });
});
