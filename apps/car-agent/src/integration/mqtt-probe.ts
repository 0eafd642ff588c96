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
  waitFor<T>(topic: string, matches: (body: T, message: Received) => boolean, timeoutMs = 10_000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        for (const message of this.received) {
          if (message.topic !== topic || message.payload === '') continue;
          const body = JSON.parse(message.payload) as T;
          if (matches(body, message)) {
            finish();
            resolve(body);
            return;
          }
        }
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
