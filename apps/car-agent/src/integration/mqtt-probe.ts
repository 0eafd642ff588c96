import { connectAsync, MqttClient } from 'mqtt';

interface Received {
  topic: string;
  payload: string;
  retained: boolean;
}

/** A plain mqtt.js client that records what it receives and waits for matching messages. */
export class MqttProbe {
  readonly received: Received[] = [];
  private waiters: (() => void)[] = [];

  private constructor(private readonly client: MqttClient) {
    client.on('message', (topic, payload, packet) => {
      this.received.push({ topic, payload: payload.toString(), retained: packet.retain });
      this.waiters.forEach((w) => w());
    });
  }

  static async connect(url: string): Promise<MqttProbe> {
    return new MqttProbe(await connectAsync(url, { reconnectPeriod: 0, connectTimeout: 5_000 }));
  }

  async subscribe(...topics: string[]): Promise<void> {
    await this.client.subscribeAsync(topics, { qos: 1 });
  }

  async publish(topic: string, payload: string): Promise<void> {
    await this.client.publishAsync(topic, payload, { qos: 1 });
  }

  /** The first message on `topic` (already received or still to come) whose JSON body matches. */
  async waitFor<T>(topic: string, matches: (body: T, message: Received) => boolean, timeoutMs = 10_000): Promise<T> {
    const message = await this.waitForMessage(topic, (m) => m.payload !== '' && matches(JSON.parse(m.payload) as T, m), timeoutMs);
    return JSON.parse(message.payload) as T;
  }

  waitForMessage(topic: string, matches: (message: Received) => boolean, timeoutMs = 10_000): Promise<Received> {
    return new Promise<Received>((resolve, reject) => {
      const check = () => {
        const found = this.received.find((m) => m.topic === topic && matches(m));
        if (!found) return;
        finish();
        resolve(found);
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`no matching message on ${topic} within ${timeoutMs} ms`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
      };
      this.waiters.push(check);
      check();
    });
  }

  async close(): Promise<void> {
    await this.client.endAsync(true);
  }
}
