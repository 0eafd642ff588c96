import { CoaState, SummaryState } from '@fleet/shared/contracts';
import type { SymphonyInstance } from '@fleet/shared/contracts';
import { flush } from '../../../testing/symphony/symphony-harness';
import { SymphonyKinds } from '../symphony-kinds';
import { deploymentsHarness } from './deployments-harness';
import { InstanceDeployments } from './instance-deployments.service';

const byName = (
  name: string,
  target: string,
  solution = 'fleet:1.2.4',
): SymphonyInstance => ({
  metadata: { name },
  spec: { solution, target: { name: target } },
});
const bySelector = (
  name: string,
  selector: Record<string, string>,
  solution = 'fleet:1.2.4',
): SymphonyInstance => ({
  metadata: { name },
  spec: { solution, target: { selector } },
});

const rows = (h: Awaited<ReturnType<typeof deploymentsHarness>>) => [
  ...h.history.rows.values(),
];

describe(InstanceDeployments.name, () => {
  it('deploys a POSTed instance naming a car as an update does: history entry, car updating, then succeeded at the new version', async () => {
    const h = await deploymentsHarness();
    await h.addCar('c1');

    const result = await h.deployments.upsert(byName('nav', 'car-c1'), 'alice');
    expect(result).toEqual({
      deployed: true,
      targets: ['car-c1'],
      refused: {},
    });
    expect(h.registry.get('c1')?.updateState).toBe('updating');
    await flush(30);

    const [entry] = rows(h);
    expect(entry).toMatchObject({
      carId: 'c1',
      instance: 'nav',
      instanceGeneration: 1,
      fromVersion: '1.2.3',
      toVersion: '1.2.4',
      actor: 'alice',
      result: 'succeeded',
      coaState: CoaState.OK,
    });
    expect(h.registry.get('c1')).toMatchObject({
      version: '1.2.4',
      updateState: 'succeeded',
    });
    expect(await h.summaries.get('nav')).toMatchObject({
      state: SummaryState.Done,
      summary: { targetCount: 1, successCount: 1 },
    });
    expect(h.publisher.requests.at(-1)?.deployment.jobID).toBe(entry.jobId);
  });

  it('refuses an instance naming a driving or busy car with 409 and an incompatible model with 422, storing nothing', async () => {
    const h = await deploymentsHarness();
    await h.addCar('d1', { vehicleState: 'driving' });
    await h.addCar('v1', { model: 'cirrus-van' });
    await h.addCar('u1');
    h.publisher.behaviour = () => undefined;
    await h.updates.request({
      carId: 'u1',
      version: '1.2.4',
      kind: 'update',
      actor: 'alice',
    });

    await expect(
      h.deployments.upsert(byName('a', 'car-d1'), 'alice'),
    ).rejects.toMatchObject({ status: 409 });
    await expect(
      h.deployments.upsert(byName('b', 'car-v1', 'fleet:1.3.0'), 'alice'),
    ).rejects.toMatchObject({ status: 422 });
    await expect(
      h.deployments.upsert(byName('c', 'car-u1'), 'alice'),
    ).rejects.toMatchObject({ status: 409 });
    expect((await h.instances.list()).map((i) => i.metadata.name)).toEqual([
      'fleet-car-u1',
    ]);
    expect(h.publisher.requests.every((r) => r.topic.includes('car-u1'))).toBe(
      true,
    );
    h.clock.advance(180_000);
    await flush(30);
  });

  it('expands a selector to the matching cars: each deployed with its own entry, a driving one refused in the summary, others untouched', async () => {
    const h = await deploymentsHarness();
    await h.addCar('m1', { region: 'munich' });
    await h.addCar('m2', { region: 'munich' });
    await h.addCar('m3', { region: 'munich', vehicleState: 'driving' });
    await h.addCar('b1', { region: 'berlin' });

    const result = await h.deployments.upsert(
      bySelector('munich-nav', { region: 'munich' }),
      'bob',
    );
    await flush(40);

    expect(result.targets).toEqual(['car-m1', 'car-m2']);
    expect(Object.keys(result.refused)).toEqual(['car-m3']);
    expect(
      rows(h)
        .map((e) => [e.carId, e.result])
        .sort(),
    ).toEqual([
      ['m1', 'succeeded'],
      ['m2', 'succeeded'],
    ]);
    expect(h.publisher.requests.some((r) => r.topic.includes('car-b1'))).toBe(
      false,
    );
    expect(h.registry.get('b1')?.version).toBe('1.2.3');
    const { summary } = await h.summaries.get('munich-nav');
    expect(summary).toMatchObject({
      targetCount: 3,
      successCount: 2,
      targets: {
        'car-m1': { status: 'OK' },
        'car-m2': { status: 'OK' },
        'car-m3': { status: 'Error' },
      },
    });
    expect(summary.targets?.['car-m3'].message).toContain('driving');

    await h.deployments.upsert(
      bySelector('paris-nav', { region: 'paris' }),
      'bob',
    );
    expect(await h.summaries.get('paris-nav')).toMatchObject({
      state: SummaryState.Done,
      summary: {
        targetCount: 0,
        message: 'no target matches {"region":"paris"}',
      },
    });
  });

  it('deploys nothing again when the spec did not change, and again when it did', async () => {
    const h = await deploymentsHarness();
    await h.addCar('c1');
    await h.deployments.upsert(byName('nav', 'car-c1'), 'alice');
    await flush(30);

    expect(
      await h.deployments.upsert(byName('nav', 'car-c1'), 'alice'),
    ).toMatchObject({ deployed: false });
    expect(rows(h)).toHaveLength(1);

    await h.deployments.upsert(byName('nav', 'car-c1', 'fleet:1.3.0'), 'alice');
    await flush(30);
    expect(
      rows(h)
        .map((e) => e.toVersion)
        .sort(),
    ).toEqual(['1.2.4', '1.3.0']);
    expect((await h.instances.get('nav')).metadata.objGeneraion).toBe(2);
    expect(h.registry.get('c1')?.version).toBe('1.3.0');
  });

  it('reconciles a Target that is no car directly, without a history entry', async () => {
    const h = await deploymentsHarness();
    await h.seedTarget({ id: 'edge', region: 'lab', model: 'gateway' });

    await h.deployments.upsert(byName('lab', 'car-edge'), 'alice');
    await flush(30);

    expect(rows(h)).toEqual([]);
    expect((await h.summaries.get('lab')).summary.successCount).toBe(1);
  });

  it('answers 400 for an invalid instance before anything else', async () => {
    const h = await deploymentsHarness();

    await expect(
      h.deployments.upsert(byName('x', 'car-nope'), 'alice'),
    ).rejects.toMatchObject({ status: 400 });
    expect(await h.store.list(SymphonyKinds.instance)).toEqual([]);
  });
});

describe('InstanceDeployments and /api/cars/:id/update on the same car', () => {
  it('refuses either while the other deploys to the car (409), and lets the next one in once it finished', async () => {
    const h = await deploymentsHarness();
    await h.addCar('m1');
    await h.addCar('m2');
    h.publisher.behaviour = () => undefined;

    await h.deployments.upsert(
      bySelector('munich', { region: 'munich' }),
      'bob',
    );
    await flush(20);

    await expect(
      h.updates.request({
        carId: 'm1',
        version: '1.3.0',
        kind: 'update',
        actor: 'alice',
      }),
    ).rejects.toMatchObject({ status: 409 });
    h.clock.advance(180_000);
    await flush(30);

    await h.updates.request({
      carId: 'm1',
      version: '1.3.0',
      kind: 'update',
      actor: 'alice',
    });
    await expect(
      h.deployments.upsert(byName('nav', 'car-m1', 'fleet:1.2.3'), 'bob'),
    ).rejects.toMatchObject({ status: 409 });
    h.clock.advance(180_000);
    await flush(30);
  });
});
