import { NotFoundException } from '@nestjs/common';
import {
  ankaiosHarness,
  desiredState,
  running,
  sdkAnswer,
  workloadSpec,
} from '../../../testing/ankaios-harness';
import { executionState } from '../../../testing/factories';
import { FleetStateService } from './fleet-state.service';

async function setup() {
  const h = ankaiosHarness();
  for (const id of ['car-1', 'car-2']) {
    await h.onlineCar(id);
    const desired = desiredState({
      nav: workloadSpec(id, 'registry/nav:1.0'),
      map: workloadSpec(id, 'registry/map:1.0'),
    });
    h.mirror.applyStateAnswer(
      id,
      sdkAnswer(id, desired, {
        nav: { [`${id}-n`]: running() },
        map: { [`${id}-m`]: running() },
      }),
      h.clock.now().getTime(),
    );
  }
  return h;
}

describe(FleetStateService.name, () => {
  it('answers the whole fleet without masks', async () => {
    const { fleetState } = await setup();

    const state = fleetState.state({});

    expect(Object.keys(state)).toEqual([
      'desiredState',
      'workloadStates',
      'agents',
    ]);
    expect(Object.keys(state.workloadStates ?? {})).toEqual(['car-1', 'car-2']);
  });

  it('honours masks with `*` per segment, and adds the apiVersion to desiredState masks', async () => {
    const { fleetState } = await setup();

    expect(fleetState.state({ mask: 'workloadStates.*.nav' })).toEqual({
      workloadStates: {
        'car-1': { nav: { 'car-1-n': running() } },
        'car-2': { nav: { 'car-2-n': running() } },
      },
    });
    const desired = fleetState.state({
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

  it('answers one car’s CompleteState in Ankaios’ own shape with `agent`, masks applied to it', async () => {
    const { fleetState } = await setup();

    const car = fleetState.state({
      agent: 'car-2',
      mask: ['desiredState.workloads.nav', 'workloadStates'],
    });

    expect(car).toEqual({
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
  });

  it('shows a disconnected car’s workloads as AgentDisconnected and leaves it out of agents', async () => {
    const { fleetState, offline } = await setup();
    offline('car-1');

    const state = fleetState.state({
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
    const { fleetState } = await setup();

    expect(() => fleetState.state({ agent: 'ghost' })).toThrow(
      NotFoundException,
    );
    expect(fleetState.state({ mask: 'workloadStates.ghost' })).toEqual({});
  });
});
