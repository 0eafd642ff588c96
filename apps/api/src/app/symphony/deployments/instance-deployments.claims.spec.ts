import type { SymphonyInstance } from '@fleet/shared/contracts';
import { twoReplicas } from '../../../testing/cluster/two-replicas';
import { flush } from '../../../testing/symphony/symphony-harness';
import { deploymentsHarness } from './deployments-harness';
import { InstanceDeployments } from './instance-deployments.service';

const instance = (
  name: string,
  target: SymphonyInstance['spec']['target'],
): SymphonyInstance => ({
  metadata: { name },
  spec: { solution: 'fleet:1.2.4', target },
});

/** A car's part of a `/v1alpha2` Instance runs on one replica at a time, as an update through `/api/cars` does. */
describe(`${InstanceDeployments.name} with several replicas`, () => {
  let replicas: Awaited<ReturnType<typeof twoReplicas>> | undefined;

  async function setup() {
    replicas = await twoReplicas();
    const h = await deploymentsHarness({ claims: replicas.mine });
    await h.addCar('m1', { region: 'munich' });
    await h.addCar('m2', { region: 'munich' });
    return { h, ...replicas };
  }

  afterEach(async () => {
    await flush(30);
    await replicas?.dispose();
    replicas = undefined;
  });

  it('refuses an Instance naming a car another replica deploys (409), storing nothing', async () => {
    const { h, other, claims } = await setup();
    expect(await other.take('m1', 'job-b')).toBeNull();

    await expect(
      h.deployments.upsert(instance('nav', { name: 'car-m1' }), 'bob'),
    ).rejects.toMatchObject({
      status: 409,
      message:
        'car m1 has an update in flight on another API replica (replica-b, job job-b); wait until it finishes',
    });
    expect(await h.instances.find('nav')).toBeNull();
    expect([...h.history.rows.values()]).toEqual([]);
    expect(h.publisher.requests).toEqual([]);
    expect(await claims()).toEqual([
      { car_id: 'm1', holder: 'replica-b', job_id: 'job-b' },
    ]);
  });

  it('with a selector, deploys the free cars (each claimed until its deployment ends) and records the other replica’s car as refused', async () => {
    const { h, other, claims } = await setup();
    expect(await other.take('m2', 'job-b')).toBeNull();

    const result = await h.deployments.upsert(
      instance('munich-nav', { selector: { region: 'munich' } }),
      'bob',
    );
    const [entry] = [...h.history.rows.values()];
    expect(await claims()).toContainEqual({
      car_id: 'm1',
      holder: 'replica-a',
      job_id: entry.jobId,
    });
    await flush(40);

    expect(result.targets).toEqual(['car-m1']);
    expect(result.refused['car-m2']).toBe(
      'car m2 has an update in flight on another API replica (replica-b, job job-b); wait until it finishes',
    );
    expect(
      [...h.history.rows.values()].map((e) => [e.carId, e.result]),
    ).toEqual([['m1', 'succeeded']]);
    const { summary } = await h.summaries.get('munich-nav');
    expect(summary.targets?.['car-m2'].message).toContain(
      'in flight on another API replica',
    );
    expect(await claims()).toEqual([
      { car_id: 'm2', holder: 'replica-b', job_id: 'job-b' },
    ]);
  });

  it('releases the claims it took when the Instance is refused as a whole', async () => {
    const { h, claims } = await setup();
    await h.addCar('m3', { region: 'munich', vehicleState: 'driving' });

    await expect(
      h.deployments.upsert(instance('nav', { name: 'car-m3' }), 'bob'),
    ).rejects.toMatchObject({ status: 409 });
    // A store that fails after the claims were taken: nothing started, nothing kept.
    h.instances.upsert = () => Promise.reject(new Error('disk full'));
    await expect(
      h.deployments.upsert(
        instance('munich-nav', { selector: { region: 'munich' } }),
        'bob',
      ),
    ).rejects.toThrow('disk full');
    await flush(30);
    expect(await claims()).toEqual([]);
    expect(h.publisher.requests).toEqual([]);
  });
});
