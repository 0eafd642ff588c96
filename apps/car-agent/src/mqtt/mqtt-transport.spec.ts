import { MqttProbe } from '../integration/mqtt-probe';
import { startTestBroker, TestBroker } from '../integration/test-broker';
import { recordTransport, RecordedTransport, transportOptions, until } from '../testing/transport-recorder';
import { createMqttTransport } from './mqtt-transport';

jest.setTimeout(15_000);

const WILL = { topic: 'fleet/cars/car-1/status', payload: '{"online":false}', retain: true };

/** The agent's own MQTT client against a real (embedded aedes) broker. */
describe(createMqttTransport.name, () => {
  let broker: TestBroker;
  let probe: MqttProbe;
  const open: RecordedTransport[] = [];

  const connect = async (overrides: Parameters<typeof transportOptions>[1] = {}) => {
    const recorded = recordTransport(transportOptions(broker.url, { will: WILL, ...overrides }));
    open.push(recorded);
    await until('the CONNACK', () => recorded.transport.connected);
    return recorded;
  };

  beforeEach(async () => {
    broker = await startTestBroker();
    probe = await MqttProbe.connect(broker.url);
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((r) => r.transport.end()));
    await probe.close();
    await broker.close();
  });

  it('publishes at QoS 1 and answers true once the broker acknowledged', async () => {
    const { transport } = await connect();
    await probe.subscribe('cars/a');

    await expect(transport.publish('cars/a', 'hello')).resolves.toBe(true);

    const message = await probe.waitForMessage('cars/a', () => true);
    expect(message.payload).toBe('hello');
  });

  it('publishes at QoS 0 when asked: delivered, answered true, no message id', async () => {
    const { transport } = await connect();
    const atBroker: { qos: number; messageId?: number }[] = [];
    broker.aedes.on('publish', (packet, client) => {
      if (client && packet.topic === 'cars/sample') atBroker.push({ qos: packet.qos, messageId: packet.messageId });
    });
    await probe.subscribe('cars/sample');

    await expect(transport.publish('cars/sample', '{"cpuUsage":1}', { qos: 0 })).resolves.toBe(true);

    const message = await probe.waitForMessage('cars/sample', () => true);
    expect(message.payload).toBe('{"cpuUsage":1}');
    // aedes emits `publish` after it forwarded the message: the subscriber may have it first.
    await until('the broker’s publish event', () => atBroker.length > 0);
    expect(atBroker).toEqual([{ qos: 0, messageId: undefined }]);
  });

  it('receives what it subscribed to, retained messages flagged as such', async () => {
    const { transport } = await connect();
    await transport.publish('cars/kept', 'old', { retain: true });
    const subscriber = await connect();

    await expect(subscriber.transport.subscribe(['cars/kept', 'cars/live'])).resolves.toBe(true);
    await probe.publish('cars/live', 'now');

    await until('both messages', () => subscriber.messages.length === 2);
    const seen = subscriber.messages.map((m) => ({ topic: m.topic, payload: m.payload.toString(), retained: m.retained }));
    expect(seen).toEqual([
      { topic: 'cars/kept', payload: 'old', retained: true },
      { topic: 'cars/live', payload: 'now', retained: false },
    ]);
  });

  it('stops receiving a topic after unsubscribing', async () => {
    const subscriber = await connect();
    await subscriber.transport.subscribe(['cars/a', 'cars/b']);

    await expect(subscriber.transport.unsubscribe(['cars/a'])).resolves.toBe(true);
    await probe.publish('cars/a', 'dropped');
    await probe.publish('cars/b', 'kept');

    await until('the message on cars/b', () => subscriber.messages.length > 0);
    expect(subscriber.messages.map((m) => m.topic)).toEqual(['cars/b']);
  });

  it('logs in with username and password and sends its client id', async () => {
    const clientIds: string[] = [];
    broker.aedes.on('client', (client) => clientIds.push(client.id));
    const credentials: string[] = [];
    broker.aedes.authenticate = (client, username, password, done) => {
      credentials.push(`${username}:${password?.toString()}`);
      done(null, true);
    };

    await connect({ clientId: 'car-1-abcd', credentials: { username: 'car-1', password: 'secret' } });

    expect(credentials).toEqual(['car-1:secret']);
    expect(clientIds).toEqual(['car-1-abcd']);
  });

  it('has the broker publish its retained will when the connection drops, then reconnects', async () => {
    const recorded = await connect();

    broker.dropConnections(); // the probe's connection too: a new one reads the retained will
    await probe.close();
    probe = await MqttProbe.connect(broker.url);
    await probe.subscribe(WILL.topic);

    const will = await probe.waitForMessage(WILL.topic, () => true);
    expect(will).toEqual({ topic: WILL.topic, payload: WILL.payload, retained: true });
    expect(recorded.disconnects).toHaveLength(1);
    await until('the reconnect', () => recorded.connects === 2);
  });

  it('ends cleanly (twice as well as once): the broker drops the will and nothing is published after', async () => {
    const { transport } = await connect();
    await probe.subscribe(WILL.topic, 'fence');

    await Promise.all([transport.end(), transport.end()]);
    await probe.publish('fence', 'after the end'); // anything the broker sent before arrives before this
    await probe.waitForMessage('fence', () => true);

    expect(probe.received.filter((m) => m.topic === WILL.topic)).toEqual([]);
    expect(transport.connected).toBe(false);
    await expect(transport.publish('cars/a', 'late')).resolves.toBe(false);
  });

  it('answers false while the broker is away and reconnects once it is back on its port', async () => {
    const recorded = await connect();
    await probe.close();
    await broker.close();
    await until('the disconnect', () => !recorded.transport.connected);

    await expect(recorded.transport.publish('cars/a', 'lost')).resolves.toBe(false);
    await expect(recorded.transport.publish('cars/a', 'lost sample', { qos: 0 })).resolves.toBe(false);
    await expect(recorded.transport.subscribe(['cars/a'])).resolves.toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 350)); // several reconnect attempts, one report
    expect(recorded.errors.filter((e) => e.includes('ECONNREFUSED'))).toHaveLength(1);

    broker = await startTestBroker(broker.port);
    probe = await MqttProbe.connect(broker.url);
    await until('the reconnect', () => recorded.connects === 2);
    await expect(recorded.transport.publish('cars/a', 'back')).resolves.toBe(true);
    expect(recorded.disconnects).toHaveLength(1);
  });
});
