import { SymphonyKinds } from './symphony-kinds';
import { SymphonyStore } from './symphony-store';
import { instance } from '../../testing/symphony/symphony-factories';
import { symphonyHarness } from '../../testing/symphony/symphony-harness';

describe(SymphonyStore.name, () => {
  it('bumps the generation and etag only when the spec, labels or annotations change', async () => {
    const { store } = symphonyHarness();
    const first = await store.put(
      SymphonyKinds.instance,
      instance('i', 'fleet:1.2.3', 'car-c1'),
    );
    const same = await store.put(
      SymphonyKinds.instance,
      instance('i', 'fleet:1.2.3', 'car-c1'),
    );
    const changed = await store.put(
      SymphonyKinds.instance,
      instance('i', 'fleet:1.2.4', 'car-c1'),
    );

    expect([first, same, changed].map((o) => o.metadata.objGeneraion)).toEqual([
      1, 1, 2,
    ]);
    expect(changed.metadata).toMatchObject({ etag: '2', namespace: 'default' });
  });

  it('modifies an object from the stored one with one read, with the same generation rules as put', async () => {
    const { store, objects } = symphonyHarness();
    const find = jest.spyOn(objects, 'find');
    const seen: (string | null)[] = [];
    const pointTo =
      (version: string) => (previous: ReturnType<typeof instance> | null) => {
        seen.push(previous?.spec.solution ?? null);
        return instance('i', version, 'car-c1');
      };

    const created = await store.modify(
      SymphonyKinds.instance,
      'i',
      pointTo('fleet:1.2.3'),
    );
    const same = await store.modify(
      SymphonyKinds.instance,
      'i',
      pointTo('fleet:1.2.3'),
    );
    const changed = await store.modify(
      SymphonyKinds.instance,
      'i',
      pointTo('fleet:1.2.4'),
    );

    expect(seen).toEqual([null, 'fleet:1.2.3', 'fleet:1.2.3']);
    expect(
      [created, same, changed].map((o) => o.metadata.objGeneraion),
    ).toEqual([1, 1, 2]);
    expect(find).toHaveBeenCalledTimes(3);
    expect(await store.get(SymphonyKinds.instance, 'i')).toEqual(changed);
  });

  it('keeps the generation on status writes, and keeps the status across spec writes', async () => {
    const { store } = symphonyHarness();
    await store.put(
      SymphonyKinds.instance,
      instance('i', 'fleet:1.2.3', 'car-c1'),
    );

    await store.setStatus(SymphonyKinds.instance, 'i', {
      properties: { status: 'Reconciling' },
    });
    const after = await store.put(
      SymphonyKinds.instance,
      instance('i', 'fleet:1.2.4', 'car-c1'),
    );

    expect(after.metadata.objGeneraion).toBe(2);
    expect(after.status).toEqual({ properties: { status: 'Reconciling' } });
    expect(
      await store.setStatus(SymphonyKinds.instance, 'missing', {}),
    ).toBeNull();
  });

  it('serializes writes of one object, so a status write never undoes a concurrent spec write', async () => {
    const { store } = symphonyHarness();
    await store.put(
      SymphonyKinds.instance,
      instance('i', 'fleet:1.2.3', 'car-c1'),
    );

    await Promise.all([
      store.setStatus(SymphonyKinds.instance, 'i', {
        properties: { status: 'Succeeded' },
      }),
      store.put(SymphonyKinds.instance, instance('i', 'fleet:1.3.0', 'car-c1')),
      store.setStatus(SymphonyKinds.instance, 'i', {
        properties: { status: 'Reconciling' },
      }),
    ]);

    const stored = await store.get<ReturnType<typeof instance>>(
      SymphonyKinds.instance,
      'i',
    );
    expect(stored?.spec.solution).toBe('fleet:1.3.0');
    expect(stored?.status).toEqual({ properties: { status: 'Reconciling' } });
  });

  it('changes a status from the stored one, and writes nothing when told to leave it', async () => {
    const { store, objects } = symphonyHarness();
    await store.put(
      SymphonyKinds.instance,
      instance('i', 'fleet:1.2.3', 'car-c1'),
    );
    await store.setStatus(SymphonyKinds.instance, 'i', {
      properties: { phase: 'waiting' },
    });
    const save = jest.spyOn(objects, 'save');
    const toDone = (status: unknown) =>
      (status as { properties?: Record<string, string> } | undefined)
        ?.properties?.['phase'] === 'waiting'
        ? { properties: { phase: 'done' } }
        : undefined;

    const changed = await store.changeStatus(
      SymphonyKinds.instance,
      'i',
      toDone,
    );
    const left = await store.changeStatus(SymphonyKinds.instance, 'i', toDone);

    expect(changed?.status).toEqual({ properties: { phase: 'done' } });
    expect(changed?.metadata.objGeneraion).toBe(1);
    expect(left).toBeNull();
    expect(save).toHaveBeenCalledTimes(1);
    expect((await store.get(SymphonyKinds.instance, 'i'))?.status).toEqual({
      properties: { phase: 'done' },
    });
    expect(
      await store.changeStatus(SymphonyKinds.instance, 'missing', () => ({})),
    ).toBeNull();
  });
});
