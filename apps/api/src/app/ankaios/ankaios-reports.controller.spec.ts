import { CarTopics, FleetConnectorTopics } from '@fleet/shared/contracts';
import type { CarCommand } from '@fleet/shared/contracts';
import {
  ankaiosHarness,
  desiredState,
  running,
  sdkAnswer,
  workloadSpec,
} from '../../testing/ankaios-harness';
import {
  helloMessage,
  statusMessage,
  workloadReport,
} from '../../testing/factories';
import { AnkaiosReportsController } from './ankaios-reports.controller';
import { POLL_TICK_MS, REFRESH_MIN_GAP_MS } from './fleet-state/state-poller';

const CAR = 'car-1';

async function setup() {
  const h = ankaiosHarness();
  await h.onlineCar(CAR);
  h.poller.onModuleInit();
  const { reports } = h;
  const send = {
    report: (payload: unknown, id = CAR) =>
      h.deliver(
        reports.mirrorWorkloadStates,
        CarTopics.workloadStates(id),
        payload,
      ),
    hello: (payload: unknown, id = CAR) =>
      h.deliver(reports.mirrorHello, CarTopics.hello(id), payload),
    status: (payload: unknown, id = CAR) =>
      h.deliver(reports.mirrorStatus, CarTopics.status(id), payload),
    stateAnswer: (payload: unknown) =>
      h.deliver(
        reports.takeStateAnswer,
        FleetConnectorTopics.stateResponse(CAR),
        payload,
      ),
  };
  const commands = () =>
    h.textPublisher.payloadsOn(CarTopics.command(CAR)) as CarCommand[];
  const stateRequests = () =>
    h.textPublisher.payloadsOn(FleetConnectorTopics.stateRequest(CAR));
  return { ...h, send, commands, stateRequests };
}

describe(AnkaiosReportsController.name, () => {
  it('mirrors a report, and asks a car that said hello for its state at the next tick', async () => {
    const { send, mirror, clock, stateRequests } = await setup();

    await send.report(
      workloadReport(CAR, { workloadStates: { nav: { n1: running() } } }),
    );
    await send.hello(
      helloMessage(CAR, { tags: { region: 'munich', custom: 'x' } }),
    );
    clock.advance(POLL_TICK_MS);

    expect(mirror.carState(CAR)?.workloadStates[CAR]).toEqual({
      nav: { n1: running() },
    });
    expect(mirror.carState(CAR)?.agents[CAR]?.tags).toEqual({
      region: 'munich',
      custom: 'x',
    });
    expect(stateRequests()).toHaveLength(1);
  });

  it('asks for the state at once when a report names instances the mirror does not know, at most every 5 s', async () => {
    const { send, clock, stateRequests } = await setup();
    const report = (instance: string) =>
      send.report(
        workloadReport(CAR, {
          workloadStates: { nav: { [instance]: running() } },
          at: clock.nowIso(),
        }),
      );

    await send.report(workloadReport(CAR, { workloadStates: {} }));
    clock.advance(POLL_TICK_MS);
    expect(stateRequests()).toHaveLength(0);

    await report('n1');
    clock.advance(POLL_TICK_MS);
    expect(stateRequests()).toHaveLength(1);
    await send.stateAnswer(
      sdkAnswer(CAR, desiredState({ nav: workloadSpec(CAR, 'r/nav:1') }), {}),
    );
    await new Promise((r) => setImmediate(r));

    await report('n2');
    clock.advance(POLL_TICK_MS);
    expect(stateRequests()).toHaveLength(1);

    clock.advance(REFRESH_MIN_GAP_MS);
    await report('n3');
    clock.advance(POLL_TICK_MS);
    expect(stateRequests()).toHaveLength(2);
  });

  it('feeds a state answer to the open request and on into the mirror', async () => {
    const { send, poller, clock, mirror } = await setup();
    poller.pollSoon(CAR);
    clock.advance(POLL_TICK_MS);

    await send.stateAnswer(
      sdkAnswer(CAR, desiredState({ nav: workloadSpec(CAR, 'r/nav:1') }), {}),
    );
    await new Promise((r) => setImmediate(r));

    expect(mirror.desiredState(CAR)?.workloads['nav']).toBeDefined();
  });

  it('drops malformed and foreign messages without throwing', async () => {
    const { send, mirror } = await setup();

    for (const junk of ['not json', 42, null, [], { workloadStates: 7 }]) {
      await expect(send.report(junk)).resolves.toBeUndefined();
      await expect(send.hello(junk)).resolves.toBeUndefined();
      await expect(send.stateAnswer(junk)).resolves.toBeUndefined();
    }
    await send.report(
      workloadReport('someone-else', {
        workloadStates: { x: { i: running() } },
      }),
    );

    expect(mirror.carState(CAR)?.workloadStates).toEqual({});
  });

  it('sends `refuse` to a second instance that says hello while the first is connected, and does not poll it', async () => {
    const { send, commands, clock, stateRequests, client } = await setup();
    await send.hello(helloMessage(CAR, { instanceId: 'first' }));
    clock.advance(POLL_TICK_MS);
    client.takeStateAnswer(CAR, sdkAnswer(CAR, desiredState({}), {}));
    await new Promise((r) => setImmediate(r));

    await send.hello(helloMessage(CAR, { instanceId: 'second' }));
    clock.advance(POLL_TICK_MS);

    expect(commands()).toEqual([
      {
        requestId: expect.any(String),
        type: 'refuse',
        reason: expect.stringContaining(
          `an agent named ${CAR} is already connected`,
        ),
        instanceId: 'second',
      },
    ]);
    expect(stateRequests()).toHaveLength(1);
  });

  it('accepts a new instance once the known one has gone offline (its last will)', async () => {
    const { send, commands, duplicates } = await setup();
    await send.hello(helloMessage(CAR, { instanceId: 'first' }));

    await send.status(
      statusMessage(CAR, { online: false, instanceId: 'first' }),
    );
    await send.hello(helloMessage(CAR, { instanceId: 'second' }));

    expect(commands()).toEqual([]);
    expect(duplicates.connectedInstance(CAR)).toBe('second');
  });

  it('accepts the restarted agent after the supervisor saw the old process die', async () => {
    const { send, commands, spawner, clock } = await setup();
    await send.hello(helloMessage(CAR, { instanceId: 'first' }));

    spawner.spawned[0].exit(1);
    clock.advance(1000);
    await send.hello(helloMessage(CAR, { instanceId: 'restarted' }));

    expect(commands()).toEqual([]);
  });

  it('ignores the last will of another instance', async () => {
    const { send, commands } = await setup();
    await send.hello(helloMessage(CAR, { instanceId: 'first' }));

    await send.status(
      statusMessage(CAR, { online: false, instanceId: 'stale' }),
    );
    await send.hello(helloMessage(CAR, { instanceId: 'second' }));

    expect(commands().map((c) => c.type)).toEqual(['refuse']);
  });
});
