import { InstancesService } from './instances.service';
import { SymphonyKinds } from './symphony-kinds';
import { rejection } from '../../testing/symphony/rejection';
import { instance } from '../../testing/symphony/symphony-factories';
import { symphonyHarness } from '../../testing/symphony/symphony-harness';

async function setup() {
  const h = symphonyHarness();
  await h.seed('c1');
  return h;
}

describe(InstancesService.name, () => {
  it('stores an instance whose solution version and target exist', async () => {
    const { instances } = await setup();

    const stored = await instances.upsert(
      instance('i1', 'fleet:1.2.4', 'car-c1'),
    );

    expect(stored.metadata.objGeneraion).toBe(1);
    expect((await instances.list()).map((i) => i.metadata.name)).toEqual([
      'i1',
    ]);
  });

  it.each([
    [
      'an unknown solution version',
      instance('i1', 'fleet:9.9.9', 'car-c1'),
      'solution does not exist',
    ],
    [
      'an unknown target',
      instance('i1', 'fleet:1.2.4', 'car-nope'),
      'target does not exist',
    ],
    [
      'neither a target name nor a selector',
      {
        metadata: { name: 'i1' },
        spec: { solution: 'fleet:1.2.4', target: {} },
      },
      'either name or valid selector',
    ],
  ])('refuses %s with 400', async (_what, body, message) => {
    const { instances } = await setup();

    const error = await rejection(instances.upsert(body));

    expect(error.status).toBe(400);
    expect(error.text).toContain(message);
  });

  it('stores an instance the fleet built itself without reading its version and target again', async () => {
    const { instances, objects } = await setup();
    const find = jest.spyOn(objects, 'find');

    const stored = await instances.storeChecked(
      instance('fleet-car-c1', 'fleet:1.2.4', 'car-c1'),
    );

    expect(stored.metadata.objGeneraion).toBe(1);
    // Only its own row (for the generation): not the SolutionVersion, not the Target.
    expect(find.mock.calls.map(([key]) => key.kind)).toEqual([
      SymphonyKinds.instance,
    ]);
  });

  it('accepts a selector instead of a target name', async () => {
    const { instances } = await setup();

    await instances.upsert({
      metadata: { name: 'munich' },
      spec: {
        solution: 'fleet:1.2.4',
        target: { selector: { region: 'munich' } },
      },
    });

    expect(await instances.find('munich')).not.toBeNull();
  });

  it('deletes an instance with its summary, but not while it is being deployed (409)', async () => {
    const { instances, tracker, store } = await setup();
    await instances.upsert(instance('i1', 'fleet:1.2.4', 'car-c1'));
    await store.put(SymphonyKinds.summary, {
      metadata: { name: 'i1' },
      spec: {},
    });

    tracker.begin('i1');
    await expect(instances.delete('i1')).rejects.toMatchObject({ status: 409 });
    tracker.end('i1');
    await instances.delete('i1');

    expect(await instances.find('i1')).toBeNull();
    expect(await store.get(SymphonyKinds.summary, 'i1')).toBeNull();
    await expect(instances.delete('i1')).rejects.toMatchObject({ status: 404 });
  });
});
