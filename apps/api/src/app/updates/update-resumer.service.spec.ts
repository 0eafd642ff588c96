import { FleetProviderState } from '@fleet/shared/contracts';
import { defaultBehaviour } from '../../testing/symphony/coa-car';
import { flush } from '../../testing/symphony/symphony-harness';
import {
  carBackAfter,
  carsAnswer,
  posts,
  requestUpdate,
  restartedLater,
  UpdatesHarness,
  withParkedCar,
} from '../../testing/updates/resumer-scenarios';
import { ReconcileKeys } from '../symphony/reconcile/reconcile-status';
import { GAVE_UP_PARK } from './owed-give-up';
import {
  GAVE_UP_SENT,
  RESUME_WINDOW_MS,
  UpdateResumer,
} from './update-resumer.service';
import { HISTORY_PROPERTY } from './update-runner';

const HOUR = 3600_000;

async function setup() {
  const h = await withParkedCar();
  await h.resumer.onApplicationBootstrap();
  return h;
}

const interruptedWhileDriving = (h: UpdatesHarness) =>
  carsAnswer(
    h,
    FleetProviderState.Interrupted,
    'interrupted: vehicle started driving',
  );

/** `actor`'s update of c1 is interrupted and the car drives off; from then on the car answers deployments normally. */
async function interruptedThenDriving(
  actor = 'alice',
): Promise<UpdatesHarness> {
  const h = await setup();
  interruptedWhileDriving(h);
  await requestUpdate(h, actor);
  await flush(30);
  h.registry.setVehicleState('c1', 'driving');
  h.publisher.behaviour = defaultBehaviour();
  return h;
}

describe(UpdateResumer.name, () => {
  it('resumes an interrupted update once the car is parked again, as a new history entry', async () => {
    const h = await interruptedThenDriving();
    expect(h.resumer.pending).toBe(1);
    h.clock.advance(60_000);
    h.registry.setVehicleState('c1', 'parked');
    await flush(30);

    const history = (await h.updates.historyPage('c1', 1, 10)).items;
    expect(history.map((e) => e.result)).toEqual(['succeeded', 'interrupted']);
    expect(history[0]).toMatchObject({ actor: 'alice', toVersion: '1.2.4' });
    expect(history[0].messages[0]).toBe('resumed: the car is parked again');
    expect(h.resumer.pending).toBe(0);
  });

  it('gives an interrupted update up when the car parks again only after the 24 h window', async () => {
    const h = await interruptedThenDriving();
    expect(h.resumer.pending).toBe(1);
    h.clock.advance(RESUME_WINDOW_MS + 60_000);
    h.registry.setVehicleState('c1', 'parked');
    await flush(30);

    expect(posts(h)).toHaveLength(1);
    const history = (await h.updates.historyPage('c1', 1, 10)).items;
    expect(history.map((e) => e.result)).toEqual(['interrupted']);
    expect(h.resumer.pending).toBe(0);
  });

  it('once an interrupted update is given up, its Instance says so and no later start owes it', async () => {
    const h = await interruptedThenDriving();
    const [interrupted] = (await h.updates.historyPage('c1', 1, 10)).items;
    h.clock.advance(RESUME_WINDOW_MS + 60_000);
    h.registry.setVehicleState('c1', 'parked');
    await flush(30);

    const instance = await h.instances.find('fleet-car-c1');
    expect(instance?.status?.properties).toMatchObject({
      [ReconcileKeys.phase]: 'done',
      [ReconcileKeys.status]: 'Interrupted',
      [ReconcileKeys.message]: `${GAVE_UP_PARK} (interrupted at ${interrupted.finishedAt}); request it again if it is still wanted`,
    });
    const restarted = await restartedLater(h);
    expect(restarted.resumer.pendingByReason()).toEqual({
      sent: 0,
      park: 0,
      unsent: 0,
    });
  });

  it('leaves the Instance alone when another update was written to it before the interrupted one is given up', async () => {
    const h = await interruptedThenDriving();
    h.clock.advance(RESUME_WINDOW_MS + 60_000);
    const newer = await h.instances.changeStatus('fleet-car-c1', (status) => ({
      ...status,
      properties: {
        ...status?.properties,
        [HISTORY_PROPERTY]: 'a-newer-entry',
      },
    }));
    h.registry.setVehicleState('c1', 'parked');
    await flush(30);

    expect(h.resumer.pending).toBe(0);
    expect((await h.instances.find('fleet-car-c1'))?.status).toEqual(
      newer?.status,
    );
  });

  it('after a restart, sends a deployment that got no answer again with the same job once the car is online', async () => {
    const h = await setup();
    h.publisher.behaviour = () => undefined;
    const entry = await requestUpdate(h, 'alice');
    await flush(30);

    const restarted = await restartedLater(h);
    expect(restarted.resumer.pending).toBe(1);
    await restarted.addCar('c1');
    await flush(30);

    expect(
      posts(restarted).map((r) => [
        r.deployment.jobID,
        r.deployment.generation,
      ]),
    ).toEqual([[entry.jobId, '1']]);
    expect((await restarted.updates.historyPage('c1', 1, 10)).items).toEqual([
      expect.objectContaining({ id: entry.id, result: 'succeeded' }),
    ]);
  });

  it('after a restart, gives a deployment the car never answered up 24 h after its request, not after the restart', async () => {
    const h = await setup();
    h.publisher.behaviour = () => undefined;
    const entry = await requestUpdate(h, 'alice');
    await flush(30);

    const restarted = await restartedLater(h, 23 * HOUR);
    expect(restarted.resumer.pending).toBe(1);
    await carBackAfter(restarted, 2 * HOUR);
    await flush(30);

    expect(posts(restarted)).toHaveLength(0);
    const [ended] = (await restarted.updates.historyPage('c1', 1, 10)).items;
    expect(ended).toMatchObject({ id: entry.id, result: 'failed' });
    expect(ended.messages.at(-1)).toBe(
      `${GAVE_UP_SENT} (requested at ${entry.requestedAt}); request it again if it is still wanted`,
    );
    expect(restarted.registry.get('c1')?.updateState).toBe('failed');
    expect(restarted.resumer.pending).toBe(0);
  });

  it('after a restart, gives an interrupted update up 24 h after the interruption, not after the restart', async () => {
    const h = await interruptedThenDriving();
    const restarted = await restartedLater(h, 23 * HOUR);
    expect(restarted.resumer.pending).toBe(1);
    await carBackAfter(restarted, 2 * HOUR);
    await flush(30);

    expect(posts(restarted)).toHaveLength(0);
    expect(
      (await restarted.updates.historyPage('c1', 1, 10)).items.map(
        (e) => e.result,
      ),
    ).toEqual(['interrupted']);
    expect(restarted.resumer.pending).toBe(0);
  });

  it('after a restart within the window, still resumes an interrupted update once the car is parked', async () => {
    const h = await interruptedThenDriving();
    const restarted = await restartedLater(h, 23 * HOUR);
    await restarted.addCar('c1');
    await flush(30);

    expect(
      (await restarted.updates.historyPage('c1', 1, 10)).items.map(
        (e) => e.result,
      ),
    ).toEqual(['succeeded', 'interrupted']);
  });

  it('leaves an interrupted rollout update to the rollout engine when the car parks again', async () => {
    const h = await interruptedThenDriving('rollout:r1');
    expect(h.resumer.pending).toBe(0);

    h.registry.setVehicleState('c1', 'parked');
    await flush(30);
    const restarted = await restartedLater(h);
    await restarted.addCar('c1');
    await flush(30);

    expect(
      (await restarted.updates.historyPage('c1', 1, 10)).items.map(
        (e) => e.result,
      ),
    ).toEqual(['interrupted']);
  });

  it('after a crash, sends a recorded deployment whose Instance was never marked in progress, as the same job', async () => {
    const h = await setup();
    h.publisher.behaviour = () => undefined;
    const entry = await requestUpdate(h, 'rollout:r1');
    await flush(30);
    // The crash came before the reconciler wrote its first status.
    await h.instances.setStatus('fleet-car-c1', { properties: {} });
    const restarted = await restartedLater(h);
    expect(restarted.resumer.pending).toBe(1);
    await restarted.addCar('c1');
    await flush(30);

    expect(posts(restarted).map((r) => r.deployment.jobID)).toEqual([
      entry.jobId,
    ]);
    expect((await restarted.updates.historyPage('c1', 1, 10)).items).toEqual([
      expect.objectContaining({ id: entry.id, result: 'succeeded' }),
    ]);
  });

  it('does not send a pending entry again once its Instance was pointed elsewhere', async () => {
    const h = await setup();
    h.publisher.behaviour = () => undefined;
    await requestUpdate(h, 'alice');
    await flush(30);
    const instance = await h.instances.get('fleet-car-c1');
    await h.instances.upsert({
      ...instance,
      spec: { ...instance.spec, solution: 'fleet:1.2.3' },
    });
    await h.instances.setStatus('fleet-car-c1', { properties: {} });
    const restarted = await restartedLater(h);
    await restarted.addCar('c1');
    await flush(30);

    expect(posts(restarted)).toEqual([]);
  });

  it('forgets an owed update when another one has run since', async () => {
    const h = await setup();
    carsAnswer(h, 409, 'refused: vehicle is driving');
    await requestUpdate(h, 'alice');
    await flush(30);
    h.publisher.behaviour = defaultBehaviour();
    await h.instances.setStatus('fleet-car-c1', {
      properties: { 'fleet.ota/reconcile': 'done' },
    });

    h.registry.setVehicleState('c1', 'parked');
    await flush(30);

    expect((await h.updates.historyPage('c1', 1, 10)).total).toBe(1);
  });
});
