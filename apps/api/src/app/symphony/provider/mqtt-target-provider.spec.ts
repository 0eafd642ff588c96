import {
  CoaMetadataKeys,
  CoaState,
  FleetProviderState,
} from '@fleet/shared/contracts';
import type { DeploymentSpec } from '@fleet/shared/contracts';
import { encodeCoaResponse } from '@fleet/shared/symphony/util';
import { FleetMetrics } from '../../metrics/fleet-metrics';
import { AppConfigService } from '../../config/app-config.service';
import { FakeClock } from '../../../testing/fake-clock';
import { FakePublisher } from '../../../testing/fake-publisher';
import { appConfig } from '../../../testing/factories';
import { target } from '../../../testing/symphony/symphony-factories';
import {
  MAX_IN_FLIGHT,
  MAX_WAITING_FOR_PLACE,
  MqttTargetProvider,
} from './mqtt-target-provider';
import type { LateAnswer } from './mqtt-target-provider';
import { ProviderBusyError, ProviderTimeoutError } from './provider-errors';

function setup(timeoutSeconds = 180) {
  const clock = new FakeClock();
  const publisher = new FakePublisher();
  const config = new AppConfigService(
    appConfig({
      symphony: { configDir: '/x', timeoutSeconds, concurrency: 256 },
    }),
  );
  const metrics = new FleetMetrics();
  const provider = new MqttTargetProvider(publisher, clock, config, metrics);
  return { clock, publisher, provider, metrics };
}

function deployment(
  generation: string,
  jobID = `job-${generation}`,
): DeploymentSpec {
  return {
    solutionName: 'fleet-v-1.2.4',
    solution: { metadata: { name: 'fleet-v-1.2.4' }, spec: {} },
    instance: {
      metadata: { name: 'fleet-car-c1' },
      spec: { solution: 'fleet:1.2.4', target: { name: 'car-c1' } },
    },
    targets: {},
    generation,
    jobID,
  };
}

function answer(requestId: string, state: number, body: unknown = []) {
  return encodeCoaResponse({
    state,
    body,
    contentType: 'application/json',
    metadata: { [CoaMetadataKeys.requestId]: requestId },
  });
}

const requestIdOf = (payload: unknown) =>
  (payload as { metadata: Record<string, string> }).metadata[
    CoaMetadataKeys.requestId
  ];

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** A request of `method` to car c1 for deployment generation `generation`. */
const callC1 = (
  provider: MqttTargetProvider,
  method: 'GET' | 'POST',
  generation: string,
) =>
  provider.call({
    target: target('c1'),
    method,
    deployment: deployment(generation),
  });

describe(MqttTargetProvider.name, () => {
  it('publishes a COA request with a request id and the active target on the target’s own request topic', async () => {
    const { provider, publisher } = setup();

    void callC1(provider, 'POST', '2');
    await settle();

    expect(publisher.published).toHaveLength(1);
    const { topic, payload } = publisher.published[0];
    expect(topic).toBe('symphony/car-c1/request');
    expect(payload).toMatchObject({
      method: 'POST',
      route: 'instances',
      body: expect.any(String),
      metadata: {
        'request-id': expect.stringMatching(/^[0-9a-f-]{36}$/),
        'active-target': 'car-c1',
      },
    });
    const body = JSON.parse(
      Buffer.from((payload as { body: string }).body, 'base64').toString(
        'utf8',
      ),
    );
    expect(body).toMatchObject({
      solutionName: 'fleet-v-1.2.4',
      generation: '2',
    });
  });

  it('pairs many concurrent requests with their answers by request id, whatever the order of the answers', async () => {
    const { provider, publisher } = setup();
    const cars = Array.from({ length: 25 }, (_, i) => `c${i}`);

    const replies = cars.map((id, i) =>
      provider.call({
        target: target(id),
        method: 'GET',
        deployment: deployment(String(i)),
      }),
    );
    await settle();
    const sent = publisher.published.map((p) => ({
      topic: p.topic,
      id: requestIdOf(p.payload),
    }));
    for (const { topic, id } of [...sent].reverse())
      provider.accept(
        topic.replace('/request', '/response'),
        answer(id, CoaState.OK, [{ name: topic }]),
      );

    const bodies = (await Promise.all(replies)).map(
      (r) => JSON.parse(r.bodyText)[0].name,
    );
    expect(bodies).toEqual(cars.map((id) => `symphony/car-${id}/request`));
    expect(provider.inFlight).toBe(0);
  });

  it('rejects with a timeout error when the car does not answer in time, and announces the late answer once', async () => {
    const { provider, publisher, clock } = setup(30);
    const late: LateAnswer[] = [];
    provider.lateAnswers$.subscribe((a) => late.push(a));
    const reply = callC1(provider, 'POST', '1');
    const failed = expect(reply).rejects.toThrow(ProviderTimeoutError);
    await settle();

    clock.advance(29_999);
    expect(provider.inFlight).toBe(1);
    clock.advance(1);
    await failed;
    await expect(reply).rejects.toMatchObject({
      coaState: CoaState.MqttApplyTimeout,
      message: 'no answer from car-c1 to POST within 30 s',
    });

    const id = requestIdOf(publisher.published[0].payload);
    expect(
      provider.accept('symphony/car-c2/response', answer(id, CoaState.OK)),
    ).toBe('unmatched');
    expect(
      provider.accept('symphony/car-c1/response', answer(id, CoaState.OK)),
    ).toBe('late');
    expect(
      provider.accept('symphony/car-c1/response', answer(id, CoaState.OK)),
    ).toBe('unmatched');
    expect(provider.inFlight).toBe(0);
    expect(late).toEqual([
      expect.objectContaining({
        target: 'car-c1',
        method: 'POST',
        instance: 'fleet-car-c1',
        generation: '1',
        jobId: 'job-1',
        reply: expect.objectContaining({ state: CoaState.OK, bodyText: '[]' }),
      }),
    ]);
  });

  it('takes the first answer and drops a duplicate of it', async () => {
    const { provider, publisher } = setup();
    const reply = callC1(provider, 'POST', '1');
    await settle();
    const id = requestIdOf(publisher.published[0].payload);

    expect(
      provider.accept(
        'symphony/car-c1/response',
        answer(id, CoaState.OK, { n: 1 }),
      ),
    ).toBe('matched');
    expect(
      provider.accept(
        'symphony/car-c1/response',
        answer(id, CoaState.InternalError, { n: 2 }),
      ),
    ).toBe('unmatched');

    await expect(reply).resolves.toMatchObject({
      state: CoaState.OK,
      bodyText: '{"n":1}',
    });
  });

  it('does not take an answer from another car’s response topic, nor a malformed one', async () => {
    const { provider, publisher } = setup();
    void callC1(provider, 'GET', '1');
    await settle();
    const id = requestIdOf(publisher.published[0].payload);

    expect(
      provider.accept('symphony/car-c2/response', answer(id, CoaState.OK)),
    ).toBe('unmatched');
    expect(provider.accept('symphony/car-c1/response', 'not json')).toBe(
      'malformed',
    );
    expect(provider.accept('symphony/car-c1/response', { state: 'OK' })).toBe(
      'malformed',
    );
    expect(provider.inFlight).toBe(1);
  });

  it('sends the same deployment step (target, method, instance, generation, job) only once while it waits', async () => {
    const { provider, publisher } = setup();

    const first = callC1(provider, 'POST', '3');
    const again = callC1(provider, 'POST', '3');
    const next = callC1(provider, 'POST', '4');
    await settle();

    expect(again).toBe(first);
    expect(next).not.toBe(first);
    expect(publisher.published).toHaveLength(2);
  });

  it('keeps at most MAX_IN_FLIGHT requests waiting for answers; the next waits for a place and goes when one is free', async () => {
    const { provider, publisher } = setup();
    const get = (generation: string) =>
      provider.call({
        target: target('c1'),
        method: 'GET',
        deployment: deployment(generation),
      });
    const calls = Array.from({ length: MAX_IN_FLIGHT }, (_, i) =>
      get(String(i)),
    );
    for (const c of calls) c.catch(() => undefined);
    await settle();
    const waiting = [get('w1'), get('w2')];
    for (const w of waiting) w.catch(() => undefined);
    await settle();
    expect(publisher.published).toHaveLength(MAX_IN_FLIGHT);
    expect(provider.inFlight).toBe(MAX_IN_FLIGHT);

    // One answer frees one place: the first waiter goes, the second still waits.
    provider.accept(
      'symphony/car-c1/response',
      answer(requestIdOf(publisher.published[0].payload), CoaState.OK),
    );
    await settle();
    expect(publisher.published).toHaveLength(MAX_IN_FLIGHT + 1);
    const sent = publisher.published[MAX_IN_FLIGHT].payload as { body: string };
    expect(Buffer.from(sent.body, 'base64').toString()).toContain(
      '"generation":"w1"',
    );
    expect(provider.inFlight).toBe(MAX_IN_FLIGHT);
  });

  it('refuses as busy a request that found no place within the COA timeout; those before it got theirs', async () => {
    const { provider, publisher, clock } = setup(30);
    const get = (generation: string) =>
      provider.call({
        target: target('c1'),
        method: 'GET',
        deployment: deployment(generation),
      });
    // A full set in flight, as many waiting, and one more behind them.
    const calls = Array.from({ length: 2 * MAX_IN_FLIGHT }, (_, i) =>
      get(String(i)),
    );
    for (const c of calls) c.catch(() => undefined);
    await settle();
    const last = get('last');
    last.catch(() => undefined);
    await settle();

    // The first set times out (30 s), handing its places to the waiters; the last one's own wait ends then too.
    clock.advance(30_000);
    await settle();
    await expect(last).rejects.toThrow(ProviderBusyError);
    expect(publisher.published).toHaveLength(2 * MAX_IN_FLIGHT);
    expect(provider.inFlight).toBe(MAX_IN_FLIGHT);
  });

  it(`refuses at once a request past MAX_IN_FLIGHT and ${MAX_WAITING_FOR_PLACE} waiting`, async () => {
    const { provider } = setup();
    const calls = Array.from(
      { length: MAX_IN_FLIGHT + MAX_WAITING_FOR_PLACE },
      (_, i) =>
        provider.call({
          target: target('c1'),
          method: 'GET',
          deployment: deployment(String(i)),
        }),
    );
    for (const c of calls) c.catch(() => undefined);
    await settle();

    await expect(
      provider.call({
        target: target('c1'),
        method: 'GET',
        deployment: deployment('x'),
      }),
    ).rejects.toThrow(ProviderBusyError);
  });

  it('fails at once when the broker cannot take the request, leaving nothing in flight', async () => {
    const { provider, publisher } = setup();
    publisher.failWith = new Error('broker down');

    await expect(callC1(provider, 'GET', '1')).rejects.toMatchObject({
      message: 'could not send the request to car-c1: broker down',
      // The car got nothing: a rollout sends it again instead of counting a failed car.
      coaState: FleetProviderState.NotSent,
    });
    expect(provider.inFlight).toBe(0);
  });

  it('refuses at once while the broker connection is down: nothing is published or queued, and the car is counted not sent', async () => {
    const { provider, publisher } = setup();
    publisher.isConnected = false;

    await expect(callC1(provider, 'POST', '1')).rejects.toMatchObject({
      message:
        'could not send the request to car-c1: not connected to the broker',
      coaState: FleetProviderState.NotSent,
    });
    expect(publisher.published).toHaveLength(0);
    expect(provider.inFlight).toBe(0);
  });

  it('keeps waiting for the car’s answer when the broker confirms the request late: the answer still counts', async () => {
    const { provider, publisher, metrics } = setup();
    publisher.unacknowledged = true;
    const reply = callC1(provider, 'POST', '1');
    await settle();

    // The car got it after all (a late PUBACK is no proof it was lost) and answers.
    const id = requestIdOf(publisher.published[0].payload);
    expect(
      provider.accept('symphony/car-c1/response', answer(id, CoaState.OK)),
    ).toBe('matched');
    await expect(reply).resolves.toMatchObject({ state: CoaState.OK });
    expect(publisher.withdrawn).toEqual([]);
    expect(metrics.unacknowledgedRequests.family().samples).toEqual([
      { labels: { method: 'POST' }, value: 1 },
    ]);
  });

  it('withdraws an unconfirmed request once it gives up waiting, so that a reconnect cannot deliver it late', async () => {
    const { provider, publisher, clock } = setup(30);
    publisher.unacknowledged = true;
    const reply = callC1(provider, 'POST', '1');
    const failed = expect(reply).rejects.toThrow(ProviderTimeoutError);
    await settle();
    expect(publisher.withdrawn).toEqual([]);

    clock.advance(30_000);
    await failed;
    // An unconfirmed POST stays a timeout (unknown until the car confirms), not "not sent".
    await expect(reply).rejects.toMatchObject({
      coaState: CoaState.MqttApplyTimeout,
    });
    await settle();
    expect(publisher.withdrawn).toEqual(['symphony/car-c1/request']);
  });

  it('does not withdraw a request the broker confirmed', async () => {
    const { provider, publisher, clock } = setup(30);
    const reply = callC1(provider, 'GET', '1');
    const failed = expect(reply).rejects.toThrow(ProviderTimeoutError);
    await settle();
    clock.advance(30_000);
    await failed;
    await settle();
    expect(publisher.withdrawn).toEqual([]);
  });
});
