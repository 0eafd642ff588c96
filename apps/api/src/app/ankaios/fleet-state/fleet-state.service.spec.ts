import { NotFoundException } from '@nestjs/common';
import { DEFAULT_PAGE_SIZE } from '@fleet/shared/contracts';
import type {
  FleetCompleteState,
  FleetStateQueryDto,
} from '@fleet/shared/contracts';
import {
  ankaiosHarness,
  desiredState,
  running,
  sdkAnswer,
  workloadSpec,
} from '../../../testing/ankaios-harness';
import { executionState } from '../../../testing/factories';
import { FleetStateService } from './fleet-state.service';

const URL = '/api/ankaios/state';

/** Online cars in the given order, each with a desired state (nav, map, a config) and both workloads running. */
async function setup(ids = ['car-1', 'car-2']) {
  const h = ankaiosHarness();
  for (const id of ids) await addCar(h, id);
  // Typed as the fleet view; the `agent` form's CompleteState is only compared whole.
  const reply = (query: FleetStateQueryDto, url = URL) => {
    const { body, headers } = h.fleetState.state(query, url);
    return { body: body as Partial<FleetCompleteState>, headers };
  };
  const bodyOf = (query: FleetStateQueryDto, url = URL) =>
    reply(query, url).body;
  return { ...h, reply, bodyOf };
}

async function addCar(
  h: ReturnType<typeof ankaiosHarness>,
  id: string,
  region?: string,
): Promise<void> {
  if (region) await h.cars.create({ region, name: id });
  await h.onlineCar(id);
  const desired = desiredState({
    nav: workloadSpec(id, 'registry/nav:1.0'),
    map: workloadSpec(id, 'registry/map:1.0'),
  });
  desired.configs = { theme: 'dark' };
  h.mirror.applyStateAnswer(
    id,
    sdkAnswer(id, desired, {
      nav: { [`${id}-n`]: running() },
      map: { [`${id}-m`]: running() },
    }),
    h.clock.now().getTime(),
  );
}

/** The agents a fleet view holds, in each place keyed by agent. */
const agentsIn = (state: Partial<FleetCompleteState>) => ({
  workloads: Object.keys(state.desiredState?.workloads ?? {}),
  configs: Object.keys(state.desiredState?.configs ?? {}),
  workloadStates: Object.keys(state.workloadStates ?? {}),
  agents: Object.keys(state.agents ?? {}),
});
const everywhere = (ids: string[]) => ({
  workloads: ids,
  configs: ids,
  workloadStates: ids,
  agents: ids,
});

describe(FleetStateService.name, () => {
  it('answers the whole fleet without masks when it fits one page', async () => {
    const { bodyOf } = await setup();

    const state = bodyOf({});

    expect(Object.keys(state)).toEqual([
      'desiredState',
      'workloadStates',
      'agents',
    ]);
    expect(agentsIn(state)).toEqual(everywhere(['car-1', 'car-2']));
  });

  it('honours masks with `*` per segment, and adds the apiVersion to desiredState masks', async () => {
    const { bodyOf } = await setup();

    expect(bodyOf({ mask: 'workloadStates.*.nav' })).toEqual({
      workloadStates: {
        'car-1': { nav: { 'car-1-n': running() } },
        'car-2': { nav: { 'car-2-n': running() } },
      },
    });
    const desired = bodyOf({
      mask: ['desiredState.workloads.car-2.map', 'agents.car-1'],
    });
    expect(desired).toEqual({
      desiredState: {
        apiVersion: 'v1',
        workloads: {
          'car-2': { map: expect.objectContaining({ agent: 'car-2' }) },
        },
      },
      agents: {
        'car-1': expect.objectContaining({ tags: expect.any(Object) }),
      },
    });
  });

  it('answers one car’s CompleteState in Ankaios’ own shape with `agent`, masks applied to it, without paging headers', async () => {
    const { reply } = await setup();

    const car = reply({
      agent: 'car-2',
      mask: ['desiredState.workloads.nav', 'workloadStates'],
      page: 5,
      pageSize: 1,
    });

    expect(car.body).toEqual({
      desiredState: {
        apiVersion: 'v1',
        workloads: { nav: expect.objectContaining({ agent: 'car-2' }) },
      },
      workloadStates: {
        'car-2': {
          nav: { 'car-2-n': running() },
          map: { 'car-2-m': running() },
        },
      },
    });
    expect(car.headers).toEqual({});
  });

  it('shows a disconnected car’s workloads as AgentDisconnected and leaves it out of agents', async () => {
    const { bodyOf, offline } = await setup();
    offline('car-1');

    const state = bodyOf({
      mask: ['workloadStates.car-1', 'agents'],
    });

    expect(state.workloadStates).toEqual({
      'car-1': {
        nav: { 'car-1-n': executionState('AgentDisconnected') },
        map: { 'car-1-m': executionState('AgentDisconnected') },
      },
    });
    expect(Object.keys(state.agents ?? {})).toEqual(['car-2']);
  });

  it('answers 404 for an unknown agent and an empty object for masks that match nothing', async () => {
    const { bodyOf } = await setup();

    expect(() => bodyOf({ agent: 'ghost' })).toThrow(NotFoundException);
    expect(bodyOf({ mask: 'workloadStates.ghost' })).toEqual({});
  });

  it('pages over agents sorted by name: each page holds only its agents in desired state, workload states and agents', async () => {
    const { reply } = await setup(['car-c', 'car-a', 'car-b']);

    const first = reply({ page: 1, pageSize: 2 });
    const second = reply({ page: 2, pageSize: 2 });

    expect(agentsIn(first.body)).toEqual(everywhere(['car-a', 'car-b']));
    expect(agentsIn(second.body)).toEqual(everywhere(['car-c']));
    expect(
      (first.body as FleetCompleteState).desiredState.configs['car-a'],
    ).toEqual({ theme: 'dark' });
    expect(first.headers).toEqual({
      'X-Total-Count': '3',
      Link: `<${URL}?page=2&pageSize=2>; rel="next"`,
    });
    expect(second.headers).toEqual({
      'X-Total-Count': '3',
      Link: `<${URL}?page=1&pageSize=2>; rel="prev"`,
    });
  });

  it('pages the fleet-wide view by default, DEFAULT_PAGE_SIZE agents at a time', async () => {
    const ids = Array.from(
      { length: DEFAULT_PAGE_SIZE + 1 },
      (_, i) => `car-${String(i).padStart(3, '0')}`,
    );
    const { reply } = await setup(ids);

    const { body, headers } = reply({});

    expect(agentsIn(body).agents).toEqual(ids.slice(0, DEFAULT_PAGE_SIZE));
    expect(headers).toEqual({
      'X-Total-Count': String(DEFAULT_PAGE_SIZE + 1),
      Link: `<${URL}?page=2&pageSize=${DEFAULT_PAGE_SIZE}>; rel="next"`,
    });
  });

  it('applies the masks to the page’s agents only, and keeps masks and filters in the links', async () => {
    const { reply } = await setup(['car-1', 'car-2', 'car-3']);
    const url = `${URL}?mask=workloadStates.*.nav&mask=agents&region=munich&pageSize=1&page=2`;

    const { body, headers } = reply(
      {
        mask: ['workloadStates.*.nav', 'agents'],
        region: 'munich',
        page: 2,
        pageSize: 1,
      },
      url,
    );

    expect(body).toEqual({
      workloadStates: { 'car-2': { nav: { 'car-2-n': running() } } },
      agents: {
        'car-2': expect.objectContaining({ tags: expect.any(Object) }),
      },
    });
    const query = 'mask=workloadStates.*.nav&mask=agents&region=munich';
    expect(headers['Link']).toBe(
      `<${URL}?${query}&pageSize=1&page=3>; rel="next", <${URL}?${query}&pageSize=1&page=1>; rel="prev"`,
    );
  });

  it('takes only the agents of one region, still sorted by name, counted in X-Total-Count', async () => {
    const h = await setup(['car-m1']);
    await addCar(h, 'car-b2', 'berlin');
    await addCar(h, 'car-b1', 'berlin');

    const berlin = h.reply({ region: 'berlin' });
    const nowhere = h.reply({ region: 'paris' });

    expect(agentsIn(berlin.body)).toEqual(everywhere(['car-b1', 'car-b2']));
    expect(berlin.headers).toEqual({ 'X-Total-Count': '2' });
    expect(nowhere.body).toEqual({
      desiredState: { apiVersion: 'v1', workloads: {}, configs: {} },
      workloadStates: {},
      agents: {},
    });
    expect(nowhere.headers).toEqual({ 'X-Total-Count': '0' });
  });

  it('answers a page past the end empty, with the total and a link back', async () => {
    const { reply } = await setup();

    const past = reply({ page: 3, pageSize: 2 });

    expect(agentsIn(past.body)).toEqual(everywhere([]));
    expect(past.headers).toEqual({
      'X-Total-Count': '2',
      Link: `<${URL}?page=2&pageSize=2>; rel="prev"`,
    });
  });

  it('sees cars that came and went since the last page was served', async () => {
    const h = await setup(['car-2', 'car-3']);
    expect(agentsIn(h.bodyOf({ pageSize: 1 })).agents).toEqual(['car-2']);

    await addCar(h, 'car-1');
    expect(agentsIn(h.bodyOf({ pageSize: 1 })).agents).toEqual(['car-1']);

    await h.cars.remove('car-1');
    expect(agentsIn(h.bodyOf({ pageSize: 1 })).agents).toEqual(['car-2']);
    expect(h.reply({}).headers['X-Total-Count']).toBe('2');
  });

  it("sees a region's cars that came and went since its last page was served", async () => {
    const h = await setup(['car-m1']);
    await addCar(h, 'car-b2', 'berlin');
    expect(agentsIn(h.bodyOf({ region: 'berlin' })).agents).toEqual(['car-b2']);

    await addCar(h, 'car-b1', 'berlin');
    await addCar(h, 'car-m2', 'munich');
    expect(agentsIn(h.bodyOf({ region: 'berlin' })).agents).toEqual([
      'car-b1',
      'car-b2',
    ]);

    await h.cars.remove('car-b2');
    expect(agentsIn(h.bodyOf({ region: 'berlin' })).agents).toEqual(['car-b1']);
    expect(h.reply({ region: 'berlin' }).headers['X-Total-Count']).toBe('1');
  });
});
