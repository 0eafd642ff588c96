import type { MqttClient } from 'mqtt';
import { MqttPublisher } from './mqtt-publisher';

type Callback = (error?: Error) => void;

/** Just enough of mqtt.js's client: publishes wait in `outgoing` (by message id) until acknowledged or removed. */
class FakeClient {
  connected = true;
  outgoing: Record<number, { volatile: boolean; cb: Callback }> = {};
  lastId = 0;
  /** Publishes held back without an id, as mqtt.js holds them while it resends its store after a reconnect. */
  readonly held: Callback[] = [];
  holding = false;
  readonly removed: number[] = [];

  on(): this {
    return this;
  }

  publish(
    _topic: string,
    _body: string,
    _options: unknown,
    cb: Callback,
  ): this {
    if (this.holding) this.held.push(cb);
    else this.assign(cb);
    return this;
  }

  /** The held publishes get their ids (the store is flushed). */
  release(): void {
    this.holding = false;
    for (const cb of this.held.splice(0)) this.assign(cb);
  }

  getLastMessageId(): number {
    return this.lastId;
  }

  removeOutgoingMessage(id: number): this {
    const entry = this.outgoing[id];
    delete this.outgoing[id];
    this.removed.push(id);
    entry?.cb(new Error('Message removed'));
    return this;
  }

  private assign(cb: Callback): void {
    this.lastId++;
    this.outgoing[this.lastId] = { volatile: false, cb };
  }
}

function setup() {
  const client = new FakeClient();
  return {
    client,
    publisher: new MqttPublisher(client as unknown as MqttClient),
  };
}

describe(MqttPublisher.name, () => {
  it('withdraws an unacknowledged request by its own id, leaving the others', async () => {
    const { client, publisher } = setup();
    const first = await publisher.publishRequest('a', {}, 10);
    await publisher.publishRequest('b', {}, 10);

    first.withdraw();
    expect(client.removed).toEqual([1]);
    expect(Object.keys(client.outgoing)).toEqual(['2']);
  });

  it('withdraws a request that got its id only after the wait (queued behind a reconnect)', async () => {
    const { client, publisher } = setup();
    await publisher.publishRequest('a', {}, 10);
    client.holding = true;
    const queued = await publisher.publishRequest('b', {}, 10);
    expect(queued.acknowledged).toBe(false);

    client.release();
    queued.withdraw();
    expect(client.removed).toEqual([2]);
    expect(Object.keys(client.outgoing)).toEqual(['1']);
  });

  it('withdraws nothing once the broker acknowledged, even late', async () => {
    const { client, publisher } = setup();
    const sent = await publisher.publishRequest('a', {}, 10);
    expect(sent.acknowledged).toBe(false);
    const ack = client.outgoing[1].cb;
    delete client.outgoing[1];
    ack();

    sent.withdraw();
    expect(client.removed).toEqual([]);
  });

  it('resolves acknowledged when the broker confirms in time', async () => {
    const { client, publisher } = setup();
    const sending = publisher.publishRequest('a', {}, 1_000);
    client.outgoing[1].cb();

    await expect(sending).resolves.toMatchObject({ acknowledged: true });
  });
});
