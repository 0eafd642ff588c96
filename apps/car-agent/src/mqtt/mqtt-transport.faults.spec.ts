import { acceptOnly, ScriptedBroker } from '../testing/scripted-broker';
import { recordTransport, RecordedTransport, transportOptions, until } from '../testing/transport-recorder';
import { createMqttTransport } from './mqtt-transport';
import type { TransportTiming } from './mqtt-transport';

jest.setTimeout(10_000);

/** The agent's MQTT client against a broker that misbehaves as scripted. */
describe(`${createMqttTransport.name} with a misbehaving broker`, () => {
  let broker: ScriptedBroker;
  const open: RecordedTransport[] = [];

  const connect = (timing: Partial<TransportTiming> = {}) => {
    const recorded = recordTransport(transportOptions(broker.url), timing);
    open.push(recorded);
    return recorded;
  };
  const connected = async (timing: Partial<TransportTiming> = {}) => {
    const recorded = connect(timing);
    await until('the CONNACK', () => recorded.transport.connected);
    return recorded;
  };

  beforeEach(async () => {
    broker = await ScriptedBroker.start();
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((r) => r.transport.end()));
    await broker.close();
  });

  it('sends CONNECT with a clean session, the keepalive and a QoS 1 will', async () => {
    connect({ keepaliveMs: 30_000 });

    const packet = await broker.waitFor('connect');

    expect(packet).toMatchObject({ protocolVersion: 4, clean: true, keepalive: 30, will: { qos: 1, retain: true } });
  });

  it('answers false when no PUBACK comes within the timeout', async () => {
    const { transport } = await connected({ ackTimeoutMs: 100 });

    await expect(transport.publish('cars/a', 'unanswered')).resolves.toBe(false);
    expect(transport.connected).toBe(true);
  });

  it('answers false for a publish in flight when the connection drops', async () => {
    const { transport } = await connected();

    const publish = transport.publish('cars/a', 'lost');
    await broker.waitFor('publish');
    broker.dropConnections();

    await expect(publish).resolves.toBe(false);
  });

  it('answers false at once past the limit of acknowledgements in flight', async () => {
    const { transport } = await connected({ maxInFlight: 2 });
    void transport.publish('cars/a', '1');
    void transport.publish('cars/a', '2');

    await expect(transport.publish('cars/a', '3')).resolves.toBe(false);
  });

  it('sends a QoS 0 publish without an id or a slot in flight, answering true with no PUBACK', async () => {
    const { transport } = await connected({ maxInFlight: 1 });
    void transport.publish('cars/a', 'unanswered'); // takes the only slot: the broker acknowledges nothing

    await expect(transport.publish('cars/load', 'sample', { qos: 0 })).resolves.toBe(true);

    await until('the sample', () => broker.received.some((p) => p.cmd === 'publish' && p.topic === 'cars/load'));
    const sample = broker.received.find((p) => p.cmd === 'publish' && p.topic === 'cars/load');
    expect(sample).toMatchObject({ qos: 0, payload: Buffer.from('sample') });
    expect(sample?.messageId).toBeUndefined();
  });

  it('reports a subscription the broker refused (0x80) as failed', async () => {
    broker.script = (packet, reply) => {
      if (packet.cmd === 'subscribe') reply({ cmd: 'suback', messageId: packet.messageId, granted: [1, 0x80] });
      else acceptOnly(packet, reply);
    };
    const { transport } = await connected();

    await expect(transport.subscribe(['cars/a', 'cars/forbidden'])).resolves.toBe(false);
  });

  it('acknowledges an incoming QoS 1 publish and delivers it', async () => {
    broker.script = (packet, reply) => {
      acceptOnly(packet, reply);
      if (packet.cmd === 'connect') reply({ cmd: 'publish', topic: 'cars/a', payload: 'hi', qos: 1, messageId: 7, retain: true, dup: false });
    };
    const recorded = await connected();

    const ack = await broker.waitFor('puback');

    expect(ack.messageId).toBe(7);
    expect(recorded.messages.map((m) => [m.topic, m.payload.toString(), m.retained])).toEqual([['cars/a', 'hi', true]]);
  });

  it('drops the connection on malformed bytes, reports it once and reconnects', async () => {
    broker.script = (packet, reply) => {
      acceptOnly(packet, reply);
      if (packet.cmd === 'connect' && broker.connections === 1) reply(Buffer.from([0x00, 0x02, 0xff, 0xff]));
    };

    const recorded = connect();

    await until('the reconnect', () => recorded.connects === 2);
    expect(recorded.errors).toEqual([expect.stringContaining('malformed packet')]);
    expect(recorded.disconnects).toHaveLength(1);
  });

  it('reports a refused CONNECT and keeps trying', async () => {
    broker.script = (packet, reply) => {
      if (packet.cmd === 'connect') reply({ cmd: 'connack', returnCode: 5, sessionPresent: false });
    };

    const recorded = connect();

    await until('three attempts', () => broker.connections >= 3);
    expect(recorded.errors).toEqual(['Connection refused: Not authorized']);
    expect(recorded.connects).toBe(0);
  });

  it('gives up on a broker that never sends CONNACK and tries again', async () => {
    broker.script = () => undefined;

    const recorded = connect({ connectTimeoutMs: 100 });

    await until('a second attempt', () => broker.connections >= 2);
    expect(recorded.errors).toEqual(['connack timeout']);
  });

  it('drops a connection whose PINGREQ goes unanswered', async () => {
    const recorded = await connected({ keepaliveMs: 100 });

    await until('the drop', () => recorded.disconnects.length === 1);
    expect(broker.received.filter((p) => p.cmd === 'pingreq')).toHaveLength(1);
    expect(recorded.errors).toEqual(['Keepalive timeout']);
  });

  it('keeps a connection whose PINGREQs are answered', async () => {
    broker.script = (packet, reply) => {
      if (packet.cmd === 'pingreq') reply({ cmd: 'pingresp' });
      else acceptOnly(packet, reply);
    };
    const recorded = await connected({ keepaliveMs: 50 });

    await until('three pings', () => broker.received.filter((p) => p.cmd === 'pingreq').length >= 3);
    expect(recorded.disconnects).toEqual([]);
  });

  it('does not reconnect when the reconnect period is 0', async () => {
    const recorded = recordTransport(transportOptions(broker.url, { reconnectPeriodMs: 0 }));
    open.push(recorded);
    await until('the CONNACK', () => recorded.transport.connected);

    broker.dropConnections();
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(recorded.transport.connected).toBe(false);
    expect(recorded.disconnects).toHaveLength(1);
    expect(broker.connections).toBe(1);
  });
});
