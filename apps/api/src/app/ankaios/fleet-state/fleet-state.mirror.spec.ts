import {
  ankaiosHarness,
  desiredState,
  running,
  sdkAnswer,
  workloadSpec,
} from '../../../testing/ankaios-harness';
import type { WorkloadInstances } from './car-mirror';
import { executionState, workloadReport } from '../../../testing/factories';
import { FleetStateMirror } from './fleet-state.mirror';

const CAR = 'car-1';
const disconnected = executionState('AgentDisconnected');

async function setup() {
  const h = ankaiosHarness();
  await h.onlineCar(CAR);
  const now = () => h.clock.now().getTime();
  return { ...h, now };
}

const report = (
  states: WorkloadInstances = { nav: { n1: running() } },
  at = '2026-01-01T00:00:01.000Z',
) =>
  workloadReport(CAR, {
    workloadStates: states,
    health: { nav: 'healthy' },
    at,
  });

describe(FleetStateMirror.name, () => {
  it('shows a pushed report as the agent’s workload states, and the connected agent with its load', async () => {
    const { mirror, registry } = await setup();
    registry.applyLoad(CAR, { cpuUsage: 12, freeMemory: 2048 });

    mirror.applyReport(CAR, report());

    expect(mirror.carState(CAR)).toEqual({
      desiredState: { apiVersion: 'v1', workloads: {}, configs: {} },
      workloadStates: { [CAR]: { nav: { n1: running() } } },
      agents: {
        [CAR]: {
          status: { cpuUsage: 12, freeMemory: 2048 },
          tags: { region: 'munich', model: 'atlas-sedan' },
        },
      },
    });
  });

  it('shows every workload as AgentDisconnected and drops the agent from agents while the car is offline, and recovers', async () => {
    const { mirror, offline, onlineCar } = await setup();
    mirror.applyReport(
      CAR,
      report({ nav: { n1: running() }, map: { m1: running() } }),
    );

    offline(CAR);

    expect(mirror.carState(CAR)?.workloadStates).toEqual({
      [CAR]: { nav: { n1: disconnected }, map: { m1: disconnected } },
    });
    expect(mirror.carState(CAR)?.agents).toEqual({});
    expect([...mirror.connectedIds()]).toEqual([]);

    await onlineCar(CAR);
    expect(mirror.carState(CAR)?.workloadStates[CAR]?.['nav']).toEqual({
      n1: running(),
    });
    expect(Object.keys(mirror.carState(CAR)?.agents ?? {})).toEqual([CAR]);
  });

  it('shows a crashed agent’s workloads as AgentDisconnected', async () => {
    const { mirror, spawner } = await setup();
    mirror.applyReport(CAR, report());

    spawner.spawned[0].exit(1);

    expect(mirror.carState(CAR)?.workloadStates[CAR]).toEqual({
      nav: { n1: disconnected },
    });
  });

  it('drops a report older than the last one applied, and Removed instances', async () => {
    const { mirror } = await setup();
    mirror.applyReport(
      CAR,
      report({ nav: { n1: running() } }, '2026-01-01T00:00:05.000Z'),
    );
    mirror.applyReport(
      CAR,
      report(
        { nav: { n1: executionState('Pending', 'Starting') } },
        '2026-01-01T00:00:04.000Z',
      ),
    );
    expect(mirror.carState(CAR)?.workloadStates[CAR]).toEqual({
      nav: { n1: running() },
    });

    mirror.applyReport(
      CAR,
      report(
        { nav: { n1: executionState('Removed') } },
        '2026-01-01T00:00:06.000Z',
      ),
    );
    expect(mirror.carState(CAR)?.workloadStates).toEqual({});
  });

  it('takes the desired state from a polling answer, and its states when no report came since the request', async () => {
    const { mirror, now, clock } = await setup();
    mirror.applyReport(CAR, report());
    clock.advance(1000);
    const sentAt = now();
    const desired = desiredState({
      nav: workloadSpec(CAR, 'registry/nav:2.0'),
    });
    const failed = executionState('Failed', 'ExecFailed');

    mirror.applyStateAnswer(
      CAR,
      sdkAnswer(CAR, desired, { nav: { n1: failed } }),
      sentAt,
    );

    expect(mirror.desiredState(CAR)?.workloads['nav'].runtimeConfig).toBe(
      'image: registry/nav:2.0\n',
    );
    expect(mirror.carState(CAR)?.workloadStates[CAR]).toEqual({
      nav: { n1: failed },
    });
  });

  it('reads a repeated desired state once (the same object stays), and a changed one again', async () => {
    const { mirror, now, clock } = await setup();
    const v1 = desiredState({ nav: workloadSpec(CAR, 'registry/nav:1.0') });
    mirror.applyStateAnswer(CAR, sdkAnswer(CAR, v1, {}), now());
    const first = mirror.desiredState(CAR);
    clock.advance(30_000);

    mirror.applyStateAnswer(CAR, sdkAnswer(CAR, v1, {}), now());
    expect(mirror.desiredState(CAR)).toBe(first);

    const v2 = desiredState({ nav: workloadSpec(CAR, 'registry/nav:2.0') });
    mirror.applyStateAnswer(CAR, sdkAnswer(CAR, v2, {}), now());
    expect(mirror.desiredState(CAR)).not.toBe(first);
    expect(mirror.desiredState(CAR)?.workloads['nav'].runtimeConfig).toBe(
      'image: registry/nav:2.0\n',
    );

    mirror.applyStateAnswer(CAR, sdkAnswer(CAR, v1, {}), now());
    expect(mirror.desiredState(CAR)?.workloads['nav'].runtimeConfig).toBe(
      'image: registry/nav:1.0\n',
    );
  });

  it('keeps a report that arrived after the request went out over the answer’s states', async () => {
    const { mirror, now, clock } = await setup();
    const sentAt = now();
    clock.advance(10);
    mirror.applyReport(CAR, report({ nav: { n2: running() } }));
    const desired = desiredState({
      nav: workloadSpec(CAR, 'registry/nav:2.0'),
    });

    mirror.applyStateAnswer(
      CAR,
      sdkAnswer(CAR, desired, {
        nav: { n1: executionState('Pending', 'Starting') },
      }),
      sentAt,
    );

    expect(mirror.carState(CAR)?.workloadStates[CAR]).toEqual({
      nav: { n2: running() },
    });
    expect(mirror.desiredState(CAR)).not.toBeNull();
  });

  it('ignores an answer without a desired state: it answers somebody else’s masked request', async () => {
    const { mirror, now } = await setup();
    mirror.applyReport(CAR, report());
    const answer = sdkAnswer(CAR, desiredState({}), {});
    answer.desired_state = { api_version: '', workloads: {}, configs: {} };

    mirror.applyStateAnswer(CAR, answer, now() + 1);

    expect(mirror.carState(CAR)?.workloadStates[CAR]).toEqual({
      nav: { n1: running() },
    });
  });

  it('forgets a deleted car and knows nothing about unknown ones', async () => {
    const { mirror, cars } = await setup();

    await cars.remove(CAR);

    expect(mirror.has(CAR)).toBe(false);
    expect(mirror.carState(CAR)).toBeUndefined();
    expect(mirror.applyReport('ghost', report())).toBe(false);
  });

  it('keys the fleet’s desired workloads by agent, since workload names are per car', async () => {
    const { mirror, onlineCar, now } = await setup();
    await onlineCar('car-2');
    for (const id of [CAR, 'car-2'])
      mirror.applyStateAnswer(
        id,
        sdkAnswer(
          id,
          desiredState({ nav: workloadSpec(id, 'registry/nav:1.0') }),
          {
            nav: { [`${id}-n`]: running() },
          },
        ),
        now(),
      );

    const { state: fleet, total } = mirror.fleetPage(undefined, 0, 10);

    expect(total).toBe(2);
    expect(Object.keys(fleet.desiredState.workloads)).toEqual([CAR, 'car-2']);
    expect(fleet.desiredState.workloads['car-2']['nav'].agent).toBe('car-2');
    expect(fleet.workloadStates).toEqual({
      [CAR]: { nav: { 'car-1-n': running() } },
      'car-2': { nav: { 'car-2-n': running() } },
    });
    expect(Object.keys(fleet.agents)).toEqual([CAR, 'car-2']);
  });
});
