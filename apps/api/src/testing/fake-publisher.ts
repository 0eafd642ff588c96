import { MqttPublisher } from '../app/mqtt/mqtt-publisher';

export interface Published {
  topic: string;
  payload: unknown;
  retain: boolean;
}

/** Records what would go to the broker. */
export class FakePublisher extends MqttPublisher {
  readonly published: Published[] = [];
  readonly cleared: string[] = [];
  failWith: Error | null = null;
  isConnected = true;

  constructor() {
    super({ on: () => undefined } as never);
  }

  override get connected(): boolean {
    return this.isConnected;
  }

  override async publish(
    topic: string,
    payload: unknown,
    options: { retain?: boolean } = {},
  ): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.published.push({ topic, payload, retain: options.retain ?? false });
  }

  override async clearRetained(topic: string): Promise<void> {
    this.cleared.push(topic);
  }

  override async close(): Promise<void> {
    this.isConnected = false;
  }
}
