import type { IncomingMessage, MqttTransport, PublishOptions, TransportOptions } from '../mqtt/transport';

export interface Publication {
  topic: string;
  payload: string;
  retain: boolean;
  qos: 0 | 1;
}

/**
 * An in-memory stand-in for the broker connection: records publications and subscriptions, keeps
 * retained messages and delivers them on subscribe, as a broker does.
 */
export class FakeTransport implements MqttTransport {
  connected = false;
  ended = false;
  readonly published: Publication[] = [];
  readonly subscriptions = new Set<string>();
  readonly retained = new Map<string, string>();
  private readonly connectListeners: (() => void)[] = [];
  private readonly disconnectListeners: ((reason: string) => void)[] = [];
  private readonly messageListeners: ((message: IncomingMessage) => void)[] = [];

  constructor(readonly options?: TransportOptions) {}

  onConnect(listener: () => void): void {
    this.connectListeners.push(listener);
  }

  onDisconnect(listener: (reason: string) => void): void {
    this.disconnectListeners.push(listener);
  }

  onMessage(listener: (message: IncomingMessage) => void): void {
    this.messageListeners.push(listener);
  }

  async publish(topic: string, payload: string, options: PublishOptions = {}): Promise<boolean> {
    if (!this.connected) return false;
    const retain = options.retain ?? false;
    this.published.push({ topic, payload, retain, qos: options.qos ?? 1 });
    if (retain) this.retained.set(topic, payload);
    return true;
  }

  async subscribe(topics: string[]): Promise<boolean> {
    if (!this.connected) return false;
    for (const topic of topics) {
      this.subscriptions.add(topic);
      const retained = this.retained.get(topic);
      // A promise, not queueMicrotask: jest fake timers fake the latter.
      if (retained !== undefined) void Promise.resolve().then(() => this.deliver(topic, retained, true));
    }
    return true;
  }

  async unsubscribe(topics: string[]): Promise<boolean> {
    topics.forEach((t) => this.subscriptions.delete(t));
    return this.connected;
  }

  async end(): Promise<void> {
    this.ended = true;
    this.connected = false;
  }

  /** Test side: the broker accepted the connection (subscriptions start empty: clean session). */
  connect(): void {
    this.connected = true;
    this.subscriptions.clear();
    this.connectListeners.forEach((l) => l());
  }

  /** Test side: the connection dropped. */
  drop(): void {
    this.connected = false;
    this.disconnectListeners.forEach((l) => l('offline'));
  }

  /** Test side: a message arrives on a subscribed topic. */
  deliver(topic: string, payload: string | Buffer, retained = false): void {
    const message = { topic, payload: Buffer.from(payload), retained };
    this.messageListeners.forEach((l) => l(message));
  }

  /** Parsed JSON bodies published on a topic, oldest first. */
  bodies<T = unknown>(topic: string): T[] {
    return this.published.filter((p) => p.topic === topic).map((p) => JSON.parse(p.payload) as T);
  }

  last<T = unknown>(topic: string): T | undefined {
    return this.bodies<T>(topic).slice(-1)[0];
  }
}
