import { MqttPublisher, PublishRefusedError } from '../app/mqtt/mqtt-publisher';
import type { SentRequest } from '../app/mqtt/mqtt-publisher';

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
  /** What the broker retains, by topic (set by the test); `readRetained` hands these out. */
  readonly retained = new Map<string, unknown>();
  /** The topics of each `readRetained`. */
  readonly retainedReads: string[][] = [];
  isConnected = true;
  /** `publishRequest` reports the broker's PUBACK as late (the request is recorded as sent all the same). */
  unacknowledged = false;
  /** Topics of the requests refused because the connection was down. */
  readonly refused: string[] = [];
  /** Topics of the requests withdrawn after an unacknowledged publish. */
  readonly withdrawn: string[] = [];

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

  override publishRequest(
    topic: string,
    payload: unknown,
  ): Promise<SentRequest> {
    return this.request(topic, () => this.publish(topic, payload));
  }

  override publishTextRequest(
    topic: string,
    text: string,
  ): Promise<SentRequest> {
    return this.request(topic, () => this.publishText(topic, text));
  }

  private async request(
    topic: string,
    send: () => Promise<void>,
  ): Promise<SentRequest> {
    if (!this.isConnected) {
      this.refused.push(topic);
      throw new PublishRefusedError('not connected to the broker');
    }
    try {
      await send();
    } catch (error) {
      throw new PublishRefusedError((error as Error).message);
    }
    const acknowledged = !this.unacknowledged;
    return {
      acknowledged,
      withdraw: () => {
        if (!acknowledged) this.withdrawn.push(topic);
      },
    };
  }

  override async clearRetained(topic: string): Promise<void> {
    this.cleared.push(topic);
  }

  override async readRetained(
    topics: readonly string[],
    onMessage: (topic: string, payload: Buffer) => void,
  ): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.retainedReads.push([...topics]);
    for (const topic of topics) {
      const payload = this.retained.get(topic);
      if (payload !== undefined)
        onMessage(
          topic,
          Buffer.from(
            typeof payload === 'string' ? payload : JSON.stringify(payload),
          ),
        );
    }
  }

  override async close(): Promise<void> {
    this.isConnected = false;
  }
}
