import type { Readable } from 'node:stream';
import aedesMemoryPersistence from 'aedes-persistence';
import { connectAsync } from 'mqtt';
import type { MqttClient } from 'mqtt';
import { EmbeddedBroker, startEmbeddedBroker } from './embedded-broker';
import { indexedRetainedPersistence } from './retained-index';

const SETTLE_MS = 300;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Retained messages of the embedded broker (anonymous), with real mqtt.js clients. */
describe('embedded broker retained messages', () => {
  let broker: EmbeddedBroker;
  const clients: MqttClient[] = [];
  const client = async () => {
    const c = await connectAsync(broker.url, { reconnectPeriod: 0, connectTimeout: 3000 });
    clients.push(c);
    return c;
  };
  /** Retained messages a fresh subscriber receives for `filters`. */
  const retainedFor = async (filters: string[]) => {
    const c = await client();
    const got: string[] = [];
    c.on('message', (topic, payload, packet) => {
      if (packet.retain) got.push(`${topic}=${payload.toString()}`);
    });
    await c.subscribeAsync(filters, { qos: 1 });
    await pause(SETTLE_MS);
    return got.sort();
  };

  beforeEach(async () => {
    broker = await startEmbeddedBroker(0);
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
    await broker.close();
  });

  it('delivers the retained message of an exact topic, the latest one, and none once cleared', async () => {
    const pub = await client();
    await pub.publishAsync('fleet/cars/a/status', 'one', { qos: 1, retain: true });
    await pub.publishAsync('fleet/cars/a/status', 'two', { qos: 1, retain: true });
    await pub.publishAsync('fleet/cars/b/status', 'b', { qos: 1, retain: true });
    expect(await retainedFor(['fleet/cars/a/status'])).toEqual(['fleet/cars/a/status=two']);
    await pub.publishAsync('fleet/cars/a/status', '', { qos: 1, retain: true });
    expect(await retainedFor(['fleet/cars/a/status'])).toEqual([]);
    expect(await retainedFor(['fleet/cars/b/status', 'fleet/cars/none/status'])).toEqual(['fleet/cars/b/status=b']);
  });

  it('still matches wildcard subscriptions, mixed with exact ones', async () => {
    const pub = await client();
    await pub.publishAsync('fleet/cars/a/status', 'a', { qos: 1, retain: true });
    await pub.publishAsync('fleet/cars/b/status', 'b', { qos: 1, retain: true });
    await pub.publishAsync('fleet/cars/b/hello', 'h', { qos: 1, retain: true });
    expect(await retainedFor(['fleet/cars/+/status'])).toEqual(['fleet/cars/a/status=a', 'fleet/cars/b/status=b']);
    expect(await retainedFor(['fleet/cars/b/#', 'fleet/cars/a/status'])).toEqual([
      'fleet/cars/a/status=a',
      'fleet/cars/b/hello=h',
      'fleet/cars/b/status=b',
    ]);
  });

  it('answers exact subscriptions from its index and leaves only wildcards to the scan of every retained message', async () => {
    const base = aedesMemoryPersistence();
    const scan = jest.spyOn(base, 'createRetainedStreamCombi');
    const persistence = indexedRetainedPersistence(base) as unknown as {
      storeRetained(packet: object): Promise<void>;
      createRetainedStreamCombi(patterns: string[]): Readable;
    };
    await persistence.storeRetained({ cmd: 'publish', topic: 'a/x', payload: Buffer.from('1'), qos: 1, retain: true });
    await persistence.storeRetained({ cmd: 'publish', topic: 'b/x', payload: Buffer.from('2'), qos: 1, retain: true });
    const topics = async (patterns: string[]) =>
      (await persistence.createRetainedStreamCombi(patterns).toArray()).map((p: { topic: string }) => p.topic).sort();
    expect(await topics(['a/x', 'c/x'])).toEqual(['a/x']);
    expect(scan).not.toHaveBeenCalled();
    expect(await topics(['+/x'])).toEqual(['a/x', 'b/x']);
    expect(scan).toHaveBeenCalledWith(['+/x']);
    await persistence.storeRetained({ cmd: 'publish', topic: 'a/x', payload: Buffer.alloc(0), qos: 1, retain: true });
    expect(await topics(['a/x', 'b/x'])).toEqual(['b/x']);
  });
});
