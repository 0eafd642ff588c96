import { MessageChannel, MessagePort, Worker } from 'node:worker_threads';
import type { MqttClient } from 'mqtt';
import type { LocalPacket } from '../embedded-broker';
import {
  carClientId,
  connectOnce,
  pause,
  refusalOf,
} from '../security/broker-test-kit';
import { BrokerHost, hostBroker, MAX_BATCH } from './broker-host';
import {
  BrokerLink,
  DELIVERIES_PER_SLICE,
  linkBrokerWorker,
  SLICES_PER_BACKLOG,
} from './broker-link';
import type { BrokerThreadEvents } from './broker-link';
import type {
  BrokerThreadOptions,
  Delivery,
  FromBroker,
  ToBroker,
} from './protocol';

const SETTLE_MS = 200;

/** Polls until `check` passes (2 s at most). */
async function eventually(check: () => void): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      return check();
    } catch (error) {
      if (i >= 40) throw error;
      await pause(50);
    }
  }
}

interface Linked {
  link: BrokerLink;
  host: BrokerHost;
  url: string;
  logs: string[];
  close(): Promise<void>;
}

/**
 * The broker's thread side and the API's side over a real MessageChannel in this thread (the protocol and a
 * real aedes broker with real mqtt.js clients); the worker itself is started by every e2e suite (the built
 * API runs its broker in `broker-worker.js` by default) and by the last block here.
 */
async function linked(
  options: Partial<BrokerThreadOptions> = {},
): Promise<Linked> {
  const { port1, port2 } = new MessageChannel();
  const ready = new Promise<FromBroker>((resolve) =>
    port2.once('message', resolve),
  );
  const host = await hostBroker(port1, { port: 0, mode: 'none', ...options });
  const first = await ready;
  if (first.type !== 'ready' || !host) throw new Error(JSON.stringify(first));
  const logs: string[] = [];
  const link = new BrokerLink(port2, {
    log: (level, message) => logs.push(`${level}: ${message}`),
  });
  return {
    link,
    host,
    url: first.url,
    logs,
    close: async () => {
      await link.close();
      port1.close();
      port2.close();
    },
  };
}

describe('broker thread protocol', () => {
  let broker: Linked;
  const clients: MqttClient[] = [];
  const client = async () => {
    const c = await connectOnce(broker.url, { clientId: carClientId('car-a') });
    clients.push(c);
    return c;
  };

  beforeEach(async () => {
    broker = await linked();
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
    await broker.close();
  });

  it('delivers a car message as text; it counts as delivered only once the handler is done', async () => {
    const seen: LocalPacket[] = [];
    let finish: () => void = () => undefined;
    await broker.link.subscribeLocal('vehicle/+/status', (packet) => {
      seen.push(packet);
      return new Promise<void>((resolve) => (finish = resolve));
    });
    const car = await client();
    await car.publishAsync('vehicle/car-a/status', '{"online":true}', {
      qos: 1,
    });
    await eventually(() =>
      expect(seen).toEqual([
        {
          topic: 'vehicle/car-a/status',
          payload: '{"online":true}',
          retain: false,
          qos: 1,
        },
      ]),
    );
    await pause(SETTLE_MS);
    expect(broker.host.unacknowledged).toBe(1);
    finish();
    await eventually(() => expect(broker.host.unacknowledged).toBe(0));
  });

  it('replays retained messages before the subscription resolves, and stops delivering after unsubscribe', async () => {
    const car = await client();
    await car.publishAsync('vehicle/car-a/hello', '{"v":1}', {
      qos: 1,
      retain: true,
    });
    const seen: LocalPacket[] = [];
    const unsubscribe = await broker.link.subscribeLocal(
      'vehicle/+/hello',
      async (packet) => {
        seen.push(packet);
      },
    );
    expect(seen).toEqual([
      {
        topic: 'vehicle/car-a/hello',
        payload: '{"v":1}',
        retain: true,
        qos: 1,
      },
    ]);
    await unsubscribe();
    await car.publishAsync('vehicle/car-a/hello', '{"v":2}', { qos: 1 });
    await pause(SETTLE_MS);
    expect(seen).toHaveLength(1);
  });

  it('carries a burst larger than one batch, each message once and in order', async () => {
    const seen: string[] = [];
    await broker.link.subscribeLocal('vehicle/+/vehicle', async (packet) => {
      seen.push(String(packet.payload));
    });
    const car = await client();
    const count = MAX_BATCH * 2 + 17;
    await Promise.all(
      Array.from({ length: count }, (_, i) =>
        car.publishAsync('vehicle/car-a/vehicle', String(i), { qos: 0 }),
      ),
    );
    await eventually(() => expect(seen).toHaveLength(count));
    expect(seen).toEqual(Array.from({ length: count }, (_, i) => String(i)));
  });

  it("lets more deliveries wait for the main thread than aedes' default 100 (one per car here)", async () => {
    const cars = 130;
    const held: (() => void)[] = [];
    await broker.link.subscribeLocal(
      'vehicle/+/status',
      () => new Promise<void>((resolve) => held.push(resolve)),
    );
    const senders = await Promise.all(
      Array.from({ length: cars }, () => client()),
    );
    await Promise.all(
      senders.map((c, i) =>
        c.publishAsync(`vehicle/car-${i}/status`, '{}', { qos: 1 }),
      ),
    );
    await eventually(() => expect(held).toHaveLength(cars));
    expect(broker.host.unacknowledged).toBe(cars);
    held.forEach((release) => release());
    await eventually(() => expect(broker.host.unacknowledged).toBe(0));
  });

  it('keeps delivering when a handler fails', async () => {
    const seen: string[] = [];
    await broker.link.subscribeLocal('vehicle/+/load', async (packet) => {
      seen.push(String(packet.payload));
      if (seen.length === 1) throw new Error('handler broke');
    });
    const car = await client();
    await car.publishAsync('vehicle/car-a/load', 'first', { qos: 1 });
    await car.publishAsync('vehicle/car-a/load', 'second', { qos: 1 });
    await eventually(() => expect(seen).toEqual(['first', 'second']));
    expect(broker.host.unacknowledged).toBe(0);
  });

  it('closes the broker: no new connection is accepted', async () => {
    const url = broker.url;
    await broker.close();
    await expect(refusalOf(url)).resolves.toEqual(
      expect.objectContaining({
        message: expect.stringMatching(/ECONNREFUSED/),
      }),
    );
    broker = await linked();
  });
});

describe('broker link slices', () => {
  const open: MessagePort[] = [];
  afterEach(() => open.splice(0).forEach((port) => port.close()));

  /** The link over a real MessageChannel; this side plays the thread and subscribes `sub` 1. */
  async function linkWithThreadSide() {
    const { port1: thread, port2 } = new MessageChannel();
    open.push(thread, port2);
    const link = new BrokerLink(port2, { log: () => undefined });
    const acks: number[] = [];
    thread.on('message', (message: ToBroker) => {
      if (message.type === 'subscribe')
        thread.postMessage({ type: 'subscribed', sub: message.sub });
      if (message.type === 'ack') acks.push(...message.seqs);
    });
    return { thread, link, acks };
  }
  const delivery = (seq: number): Delivery => ({
    sub: 1,
    seq,
    topic: `vehicle/car-${seq}/status`,
    payload: String(seq),
    retain: false,
    qos: 1,
  });

  /** Delivers one batch of `count`; answers how many had started when the event loop first ran, and the acks. */
  async function firstSlice(count: number) {
    const { thread, link, acks } = await linkWithThreadSide();
    const started: number[] = [];
    let startedWhenLoopRan = -1;
    await link.subscribeLocal('vehicle/+/status', async (packet) => {
      started.push(Number(packet.payload));
      if (started.length === 1)
        setImmediate(() => (startedWhenLoopRan = started.length));
    });
    thread.postMessage({
      type: 'deliver',
      batch: Array.from({ length: count }, (_, i) => delivery(i)),
    });
    await eventually(() => expect(acks).toHaveLength(count));
    expect(started).toEqual(Array.from({ length: count }, (_, i) => i));
    expect([...acks].sort((a, b) => a - b)).toEqual(started);
    return startedWhenLoopRan;
  }

  it('starts a batch a slice at a time, letting the event loop run between slices; every message is acknowledged', async () => {
    // Started all at once (one batch, one turn), the loop would have run only after all of them.
    expect(await firstSlice(40)).toBe(DELIVERIES_PER_SLICE);
  });

  it('takes a quarter of a large backlog per slice, so that the deliveries keep up with a burst', async () => {
    expect(await firstSlice(403)).toBe(Math.ceil(403 / SLICES_PER_BACKLOG));
  });

  it('starts the deliveries sent before an answer before the answer resolves (retained messages first)', async () => {
    const { thread, link } = await linkWithThreadSide();
    const started: number[] = [];
    thread.removeAllListeners('message');
    thread.on('message', (message: ToBroker) => {
      if (message.type !== 'subscribe') return;
      const count = DELIVERIES_PER_SLICE * 3;
      thread.postMessage({
        type: 'deliver',
        batch: Array.from({ length: count }, (_, i) => delivery(i)),
      });
      thread.postMessage({ type: 'subscribed', sub: message.sub });
    });
    await link.subscribeLocal('vehicle/+/status', async (packet) => {
      started.push(Number(packet.payload));
    });
    expect(started).toHaveLength(DELIVERIES_PER_SLICE * 3);
  });
});

describe('broker thread with password authentication', () => {
  it('takes the secrets the API sets and forgets removed ones; refusals reach the API log', async () => {
    const broker = await linked({ mode: 'password' });
    const as = (username: string, password: string) => ({
      username,
      password,
      clientId: carClientId(username),
    });
    try {
      broker.link.credentials.set('car-a', 'secret-a');
      broker.link.credentials.set('car-b', 'secret-b', 'generated');
      for (const [car, secret] of [
        ['car-a', 'secret-a'],
        ['car-b', 'secret-b'],
      ])
        await (await connectOnce(broker.url, as(car, secret))).endAsync();
      await expect(
        refusalOf(broker.url, as('car-a', 'wrong')),
      ).resolves.toEqual(expect.objectContaining({ code: 4 }));
      broker.link.credentials.remove('car-a');
      await expect(
        refusalOf(broker.url, as('car-a', 'secret-a')),
      ).resolves.toEqual(expect.objectContaining({ code: 4 }));
      expect(broker.logs.join('\n')).toMatch(
        /^warn: refused connect for .*car-a.*wrong or missing password/m,
      );
    } finally {
      await broker.close();
    }
  });
});

describe(linkBrokerWorker.name, () => {
  const events = () => {
    const failures: Error[] = [];
    const logs: string[] = [];
    const sink: BrokerThreadEvents = {
      log: (level, message) => logs.push(`${level}: ${message}`),
      failed: (error) => failures.push(error),
    };
    return { failures, logs, sink };
  };
  /** A real worker thread running `body` (plain JS) with `parentPort` in scope. */
  const worker = (body: string) =>
    new Worker(
      `const { parentPort } = require('node:worker_threads'); ${body}`,
      {
        eval: true,
      },
    );

  it('rejects with the reason when the broker cannot start, and ends the thread', async () => {
    const { sink } = events();
    const w = worker(
      `parentPort.postMessage({ type: 'log', level: 'warn', message: 'starting' });
       parentPort.postMessage({ type: 'failed', message: 'listen EADDRINUSE' }); setInterval(() => {}, 1000);`,
    );
    const exited = new Promise((resolve) => w.once('exit', resolve));
    await expect(linkBrokerWorker(w, sink)).rejects.toThrow(
      'broker: listen EADDRINUSE',
    );
    await exited;
  });

  it('rejects when the thread dies before it is ready', async () => {
    const { sink } = events();
    await expect(
      linkBrokerWorker(worker('process.exit(3)'), sink),
    ).rejects.toThrow('the broker thread exited with code 3');
  });

  it('reports a thread that dies after start as a failure, and not a closed one', async () => {
    const started = events();
    const w = worker(
      `parentPort.postMessage({ type: 'ready', port: 1, url: 'mqtt://127.0.0.1:1' });
       parentPort.on('message', (m) => { if (m.type === 'crash') throw new Error('boom');
         if (m.type === 'close') parentPort.postMessage({ type: 'closed' }); });`,
    );
    const broker = await linkBrokerWorker(w, started.sink);
    expect(broker.url).toBe('mqtt://127.0.0.1:1');
    w.postMessage({ type: 'crash' });
    await new Promise((resolve) => w.once('exit', resolve));
    await pause(SETTLE_MS);
    // The 'error' and the 'exit' that follow a crash are one failure: the API is asked to stop once.
    expect(started.failures.map((e) => e.message)).toEqual(['boom']);
    const closing = Date.now();
    await broker.close();
    expect(Date.now() - closing).toBeLessThan(1000);

    const closed = events();
    const calm = worker(
      `parentPort.postMessage({ type: 'ready', port: 1, url: 'mqtt://127.0.0.1:1' });
       parentPort.on('message', (m) => { if (m.type === 'close') parentPort.postMessage({ type: 'closed' }); });`,
    );
    const second = await linkBrokerWorker(calm, closed.sink);
    await Promise.all([second.close(), second.close()]);
    expect(closed.failures).toEqual([]);
  });
});
