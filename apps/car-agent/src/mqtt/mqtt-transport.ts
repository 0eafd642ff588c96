import { connect, MqttClient } from 'mqtt';
import type { IncomingMessage, MqttTransport, TransportOptions } from './transport';

/**
 * The real transport on top of mqtt.js; errors surface through `onError`, never as throws. While the
 * broker stays away the same error repeats every second, so only changes of the error are reported.
 */
export function createMqttTransport(options: TransportOptions, onError: (error: Error) => void): MqttTransport {
  const client = connect(options.url, {
    clientId: options.clientId,
    clean: true,
    reconnectPeriod: options.reconnectPeriodMs,
    connectTimeout: 5_000,
    resubscribe: false,
    queueQoSZero: false,
    will: { topic: options.will.topic, payload: Buffer.from(options.will.payload), qos: 1, retain: options.will.retain },
    ...(options.tls ? { ...options.tls, rejectUnauthorized: true } : {}),
    ...(options.credentials ?? {}),
  });
  let lastError: string | null = null;
  client.on('connect', () => (lastError = null));
  client.on('error', (error) => {
    if (error.message === lastError) return;
    lastError = error.message;
    onError(error);
  });
  return new MqttJsTransport(client);
}

class MqttJsTransport implements MqttTransport {
  constructor(private readonly client: MqttClient) {}

  get connected(): boolean {
    return this.client.connected;
  }

  onConnect(listener: () => void): void {
    this.client.on('connect', () => listener());
  }

  onDisconnect(listener: (reason: string) => void): void {
    this.client.on('offline', () => listener('offline'));
  }

  onMessage(listener: (message: IncomingMessage) => void): void {
    this.client.on('message', (topic, payload, packet) => listener({ topic, payload, retained: packet.retain }));
  }

  async publish(topic: string, payload: string, options: { retain?: boolean } = {}): Promise<boolean> {
    if (!this.client.connected) return false;
    return settle(this.client.publishAsync(topic, payload, { qos: 1, retain: options.retain ?? false }));
  }

  async subscribe(topics: string[]): Promise<boolean> {
    return settle(this.client.subscribeAsync(topics, { qos: 1 }));
  }

  async unsubscribe(topics: string[]): Promise<boolean> {
    return settle(this.client.unsubscribeAsync(topics));
  }

  async end(): Promise<void> {
    await this.client.endAsync(false);
  }
}

async function settle(operation: Promise<unknown>): Promise<boolean> {
  try {
    await operation;
    return true;
  } catch {
    return false;
  }
}
