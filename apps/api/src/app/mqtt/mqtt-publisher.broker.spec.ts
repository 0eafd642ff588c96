import { connect, connectAsync } from 'mqtt';
import type { MqttClient } from 'mqtt';
import type { Client as AedesClient, PublishPacket } from 'aedes';
import { startEmbeddedBroker } from './embedded-broker';
import type { EmbeddedBroker } from './embedded-broker';
import { MqttPublisher, PublishRefusedError } from './mqtt-publisher';

const TOPIC = 'symphony/car-munich-000001/request';
const ACK_MS = 150;

/**
 * `publishRequest` through a real broker and real clients. The broker's publish hook stands in for a busy
 * broker: it holds the API's requests (no PUBACK, no delivery) until the test lets them go.
 */
describe('MqttPublisher.publishRequest with a real broker', () => {
  let broker: EmbeddedBroker;
  let car: MqttClient;
  let api: MqttClient;
  let received: string[];
  /** Requests the broker holds: release one to deliver it and send its PUBACK. */
  let held: { client: AedesClient; release: () => void }[];
  let holdRequests: boolean;

  beforeEach(async () => {
    held = [];
    holdRequests = false;
    received = [];
    broker = await startEmbeddedBroker(0, {
      hooks: {
        preConnect: (_client, _packet, done) => done(null, true),
        authenticate: (_client, _user, _password, done) => done(null, true),
        authorizeSubscribe: (_client, subscription, done) =>
          done(null, subscription),
        authorizePublish: (
          client: AedesClient | null,
          packet: PublishPacket,
          done: (error?: Error | null) => void,
        ) => {
          if (client?.id === 'api' && holdRequests)
            held.push({ client, release: () => done(null) });
          else done(null);
        },
      },
    });
    car = await connectAsync(broker.url, { clientId: 'car', clean: true });
    await car.subscribeAsync(TOPIC, { qos: 1 });
    car.on('message', (_topic, payload) => received.push(payload.toString()));
  });

  afterEach(async () => {
    api?.end(true);
    await car.endAsync();
    await broker.close();
  });

  const connectApi = () =>
    connectAsync(broker.url, { clientId: 'api', reconnectPeriod: 50 });
  const until = async (check: () => boolean, ms = 3000) => {
    const end = Date.now() + ms;
    while (!check()) {
      if (Date.now() > end) throw new Error('condition not met in time');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  /** The API's request `{ n }` on the request topic, through a new publisher on the API's client. */
  const request = (n: number) =>
    new MqttPublisher(api).publishRequest(TOPIC, { n }, ACK_MS);
  const pause = (ms: number) =>
    new Promise((resolve) => setTimeout(resolve, ms));

  it('resolves acknowledged once the broker confirms, and the car gets the request', async () => {
    api = await connectApi();
    const sent = await request(1);

    expect(sent.acknowledged).toBe(true);
    await until(() => received.length === 1);
    expect(JSON.parse(received[0])).toEqual({ n: 1 });
  });

  it('resolves unacknowledged when the broker confirms late, and the request still arrives', async () => {
    api = await connectApi();
    holdRequests = true;

    const sent = await request(2);
    expect(sent.acknowledged).toBe(false);
    expect(received).toEqual([]);

    // The broker catches up: the request was on its way all along, so the caller was right to keep waiting.
    held.forEach((h) => h.release());
    await until(() => received.length === 1);
    expect(JSON.parse(received[0])).toEqual({ n: 2 });
  });

  it('refuses at once without a broker connection and queues nothing that a later connection would send', async () => {
    api = connect(broker.url, { clientId: 'api', manualConnect: true });
    const publisher = new MqttPublisher(api);

    await expect(
      publisher.publishRequest(TOPIC, { n: 3 }, ACK_MS),
    ).rejects.toThrow(new PublishRefusedError('not connected to the broker'));

    api.connect();
    await until(() => api.connected);
    await publisher.publishRequest(TOPIC, { n: 4 }, ACK_MS);
    await until(() => received.length === 1);
    await pause(200);
    expect(received.map((r) => JSON.parse(r))).toEqual([{ n: 4 }]);
  });

  /** Holds one request, loses the connection, and reports what the reconnected client delivers. */
  async function afterReconnect(withdraw: boolean): Promise<unknown[]> {
    api = await connectApi();
    holdRequests = true;
    const sent = await request(5);
    expect(sent.acknowledged).toBe(false);
    if (withdraw) sent.withdraw();

    // The held copy dies with the connection; the client reconnects and resends what it still stores.
    holdRequests = false;
    let reconnected = false;
    api.once('connect', () => (reconnected = true));
    held[0].client.conn.destroy();
    await until(() => reconnected);
    await pause(300);
    return received.map((r) => JSON.parse(r));
  }

  it('after a reconnect, resends a request nobody withdrew (so a late delivery is possible)', async () => {
    expect(await afterReconnect(false)).toEqual([{ n: 5 }]);
  });

  it('does not resend a withdrawn request after a reconnect', async () => {
    expect(await afterReconnect(true)).toEqual([]);
  });
});
