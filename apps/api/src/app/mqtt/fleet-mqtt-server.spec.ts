import type { MessageHandler, MqttContext } from '@nestjs/microservices';
import { connectAsync } from 'mqtt';
import type { MqttClient } from 'mqtt';
import { startEmbeddedBroker } from './embedded-broker';
import type { EmbeddedBroker } from './embedded-broker';
import {
  FleetMqttServer,
  InProcessMqttServer,
  matches,
} from './fleet-mqtt-server';
import { RawJsonDeserializer } from './raw-json.deserializer';

const options = {
  url: 'mqtt://127.0.0.1:1',
  deserializer: new RawJsonDeserializer(),
};
const named = (name: string): MessageHandler =>
  Object.assign(async () => name, {
    isEventHandler: true,
  }) as unknown as MessageHandler;

describe('matches', () => {
  it.each([
    ['fleet/+/status', 'fleet/car-1/status', true],
    ['fleet/+/status', 'fleet/car-1/hello', false],
    ['fleet/+/status', 'fleet/car-1/status/x', false],
    ['fleet/#', 'fleet/car-1/status', true],
    ['fleet/#', 'fleet', true],
    ['fleet/+', 'fleet', false],
    ['a/b', 'a/b', true],
    ['a/b', 'a', false],
    ['+/+', 'a/b', true],
  ])('%s against %s is %s', (filter, topic, expected) => {
    expect(matches(filter.split('/'), topic.split('/'))).toBe(expected);
  });
});

describe(FleetMqttServer.name, () => {
  it('finds the handler of an exact topic, of a wildcard pattern and of a shared subscription; null otherwise', () => {
    const server = new FleetMqttServer(options);
    server.addHandler('fleet/+/status', named('status'), true);
    server.addHandler('coa/response', named('coa'), true);
    server.addHandler('$share/api/vehicle/+/state', named('state'), true);
    const nameOf = (topic: string) =>
      (server.getHandlerByPattern(topic) as unknown as () => Promise<string>) ??
      null;

    expect(server.getHandlerByPattern('coa/response')).toBe(
      server.getHandlers().get('coa/response'),
    );
    expect(server.getHandlerByPattern('fleet/car-9/status')).toBe(
      server.getHandlers().get('fleet/+/status'),
    );
    expect(server.getHandlerByPattern('vehicle/car-9/state')).toBe(
      server.getHandlers().get('$share/api/vehicle/+/state'),
    );
    expect(nameOf('fleet/car-9/hello')).toBeNull();
  });

  it('finds a handler added after the first lookup', () => {
    const server = new FleetMqttServer(options);
    server.addHandler('fleet/+/status', named('status'), true);
    expect(server.getHandlerByPattern('fleet/car-1/hello')).toBeNull();
    server.addHandler('fleet/+/hello', named('hello'), true);
    expect(server.getHandlerByPattern('fleet/car-1/hello')).toBe(
      server.getHandlers().get('fleet/+/hello'),
    );
  });
});

describe(InProcessMqttServer.name, () => {
  let broker: EmbeddedBroker;
  let car: MqttClient;

  beforeEach(async () => {
    broker = await startEmbeddedBroker(0);
    car = await connectAsync(broker.url, { clientId: 'car-1' });
  });

  afterEach(async () => {
    await car.endAsync();
    await broker.close();
  });

  function serverRecording(
    received: { topic: string; data: unknown; retained: boolean }[],
    handler?: (data: unknown) => Promise<void>,
  ) {
    const server = new InProcessMqttServer(broker.subscribeLocal, options);
    const record = async (data: unknown, ctx: MqttContext) => {
      received.push({
        topic: ctx.getTopic(),
        data,
        retained: Boolean(ctx.getPacket().retain),
      });
      await handler?.(data);
    };
    server.addHandler(
      'fleet/+/status',
      record as unknown as MessageHandler,
      true,
    );
    return server;
  }

  const listen = (server: FleetMqttServer) =>
    new Promise<void>(
      (resolve, reject) =>
        void server.listen((error) => (error ? reject(error) : resolve())),
    );

  it("hands a car's messages to the handler parsed, retained ones first, without a client connection", async () => {
    await car.publishAsync(
      'fleet/car-1/status',
      JSON.stringify({ state: 'parked' }),
      { qos: 1, retain: true },
    );
    const received: { topic: string; data: unknown; retained: boolean }[] = [];
    const server = serverRecording(received);
    await listen(server);
    await car.publishAsync(
      'fleet/car-1/status',
      JSON.stringify({ state: 'driving' }),
      { qos: 1 },
    );
    await car.publishAsync('fleet/car-1/hello', '{}', { qos: 1 });
    await car.publishAsync('fleet/car-1/status', 'not json', { qos: 1 });

    expect(received).toEqual([
      {
        topic: 'fleet/car-1/status',
        data: { state: 'parked' },
        retained: true,
      },
      {
        topic: 'fleet/car-1/status',
        data: { state: 'driving' },
        retained: false,
      },
      { topic: 'fleet/car-1/status', data: 'not json', retained: false },
    ]);
    server.close();
  });

  it('goes on delivering while a handler is slow or after one failed', async () => {
    const received: { topic: string; data: unknown; retained: boolean }[] = [];
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const server = serverRecording(received, async (data) => {
      if ((data as { n: number }).n === 1) await held;
      if ((data as { n: number }).n === 2) throw new Error('handler failed');
    });
    await listen(server);

    for (const n of [1, 2, 3])
      await car.publishAsync('fleet/car-1/status', JSON.stringify({ n }), {
        qos: 1,
      });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received.map((r) => r.data)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    release();
    await car.publishAsync('fleet/car-1/status', '{"n":4}', { qos: 1 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toHaveLength(4);
    server.close();
  });

  it('counts every message it receives once, malformed ones too', async () => {
    let counted = 0;
    const server = new InProcessMqttServer(
      broker.subscribeLocal,
      options,
      () => counted++,
    );
    server.addHandler('fleet/+/status', named('status'), true);
    server.addHandler('fleet/+/load', named('load'), true);
    await listen(server);
    await car.publishAsync('fleet/car-1/status', '{}', { qos: 1 });
    await car.publishAsync('fleet/car-1/load', 'not json', { qos: 1 });
    await car.publishAsync('fleet/car-1/hello', '{}', { qos: 1 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(counted).toBe(2);
    server.close();
  });

  it('as a connected client (external brokers), hands over and counts the same way', async () => {
    let counted = 0;
    const received: unknown[] = [];
    const server = new FleetMqttServer(
      { ...options, url: broker.url, clientId: 'api-sub' },
      () => counted++,
    );
    const handler = async (data: unknown) => void received.push(data);
    server.addHandler(
      'fleet/+/status',
      handler as unknown as MessageHandler,
      true,
    );
    await listen(server);
    await car.publishAsync('fleet/car-1/status', '{"n":1}', { qos: 1 });
    await car.publishAsync('fleet/car-1/status', 'not json', { qos: 1 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received).toEqual([{ n: 1 }, 'not json']);
    expect(counted).toBe(2);
    server.close();
  });

  it('stops delivering once closed', async () => {
    const received: { topic: string; data: unknown; retained: boolean }[] = [];
    const server = serverRecording(received);
    await listen(server);
    server.close();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await car.publishAsync('fleet/car-1/status', '{}', { qos: 1 });
    expect(received).toEqual([]);
  });

  it('refuses a request/response handler, which needs a connection to reply on', async () => {
    const server = new InProcessMqttServer(broker.subscribeLocal, options);
    server.addHandler(
      'rpc/ask',
      (async () => 'answer') as unknown as MessageHandler,
      false,
    );
    await expect(listen(server)).rejects.toThrow(
      'rpc/ask: a request/response handler needs a broker connection',
    );
  });
});
