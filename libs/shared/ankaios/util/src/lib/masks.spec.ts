import { applyUpdateMask, expandMask, filterByMasks } from './masks';

const state = () => ({
  desiredState: {
    apiVersion: 'v1',
    workloads: { nginx: { agent: 'car-1', runtime: 'podman' }, telematics: { agent: 'car-2', runtime: 'podman' } },
    configs: {},
  },
  workloadStates: {
    'car-1': { nginx: { a1: { state: 'Running' } }, telematics: { b1: { state: 'Pending' } } },
    'car-2': { telematics: { c1: { state: 'Running' } } },
  },
  agents: { 'car-1': { tags: {} } },
});

describe(filterByMasks.name, () => {
  it.each([
    ['no mask', [], state()],
    ['a top-level field', ['agents'], { agents: state().agents }],
    [
      'a workload, adding the apiVersion as Ankaios does',
      ['desiredState.workloads.nginx'],
      { desiredState: { apiVersion: 'v1', workloads: { nginx: state().desiredState.workloads.nginx } } },
    ],
    [
      'a `*` segment over every agent',
      ['workloadStates.*.telematics'],
      {
        workloadStates: {
          'car-1': { telematics: state().workloadStates['car-1'].telematics },
          'car-2': { telematics: state().workloadStates['car-2'].telematics },
        },
      },
    ],
    ['a missing path, which is skipped', ['workloadStates.car-9', 'agents.car-1.tags'], { agents: { 'car-1': { tags: {} } } }],
  ])('selects %s', (_name, masks, expected) => {
    expect(filterByMasks(state(), masks)).toEqual(expected);
  });

  it('does not share objects with the source', () => {
    const source = state();
    const filtered = filterByMasks(source, ['agents']);
    (filtered.agents as Record<string, unknown>)['car-1'] = 'changed';
    expect(source.agents['car-1']).toEqual({ tags: {} });
  });
});

describe(expandMask.name, () => {
  it('expands each `*` over the keys present', () => {
    expect(expandMask(state(), 'workloadStates.*.*')).toEqual([
      ['workloadStates', 'car-1', 'nginx'],
      ['workloadStates', 'car-1', 'telematics'],
      ['workloadStates', 'car-2', 'telematics'],
    ]);
  });
});

describe(applyUpdateMask.name, () => {
  const current = () => ({ desiredState: { apiVersion: 'v1', workloads: { a: { x: 1 }, b: { x: 2 } }, configs: {} } });

  it('replaces the whole state with an empty mask', () => {
    const update = { desiredState: { apiVersion: 'v1', workloads: { c: { x: 3 } } } };
    expect(applyUpdateMask(current(), update, [])).toEqual({ ok: true, value: update, warnings: [] });
  });

  it.each([
    ['sets a path present in the new state', ['desiredState.workloads.c'], { a: { x: 1 }, b: { x: 2 }, c: { x: 3 } }],
    ['replaces an existing path', ['desiredState.workloads.a'], { a: { x: 9 }, b: { x: 2 } }],
    ['deletes a path absent from the new state', ['desiredState.workloads.b'], { a: { x: 1 } }],
    ['deletes nothing for a missing key', ['desiredState.workloads.zzz'], { a: { x: 1 }, b: { x: 2 } }],
    ['sets a nested field only', ['desiredState.workloads.b.y'], { a: { x: 1 }, b: { x: 2, y: 'new' } }],
  ])('%s', (_name, mask, workloads) => {
    const update = { desiredState: { workloads: { a: { x: 9 }, c: { x: 3 }, b: { y: 'new' } } } };
    if (mask[0] === 'desiredState.workloads.b') delete (update.desiredState.workloads as Record<string, unknown>)['b'];
    const result = applyUpdateMask(current(), update, mask);
    expect(result.ok && result.value).toEqual({ desiredState: { apiVersion: 'v1', workloads, configs: {} } });
  });

  it('fails when a path crosses a missing parent', () => {
    expect(applyUpdateMask(current(), {}, ['desiredState.nothing.here'])).toEqual({
      ok: false,
      error: 'Could not find field desiredState.nothing.here',
      warnings: [],
    });
  });

  it('leaves its inputs unchanged', () => {
    const before = current();
    applyUpdateMask(before, {}, ['desiredState.workloads.a']);
    expect(before).toEqual(current());
  });
});
