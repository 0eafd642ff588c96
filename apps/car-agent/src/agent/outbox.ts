import type { Logger } from '../logging/logger';
import type { MqttTransport, PublishOptions } from '../mqtt/transport';

/**
 * JSON publishing that never throws; anything published while offline is dropped. QoS 1, except samples: a
 * periodic report the next one supersedes goes at QoS 0 (no PUBACK for the broker to write, no slot in flight).
 */
export class Outbox {
  private transport: MqttTransport | null = null;

  constructor(private readonly logger: Logger) {}

  attach(transport: MqttTransport): void {
    this.transport = transport;
  }

  get connected(): boolean {
    return this.transport?.connected ?? false;
  }

  /** Fire and forget; answers whether the message was handed to the client. */
  publish(topic: string, body: unknown, retain = false): boolean {
    if (!this.transport?.connected) return false;
    void this.send(topic, body, retain);
    return true;
  }

  /** Fire and forget at QoS 0, for a sample the next one replaces; answers whether it was handed to the client. */
  publishSample(topic: string, body: unknown): boolean {
    if (!this.transport?.connected) return false;
    void this.deliver(topic, JSON.stringify(body), { qos: 0 });
    return true;
  }

  /** Resolves once the broker acknowledged the message (false when it did not). */
  send(topic: string, body: unknown, retain = false): Promise<boolean> {
    return this.sendText(topic, JSON.stringify(body), retain);
  }

  /** Like send, for a payload that is already serialised. */
  sendText(topic: string, payload: string, retain = false): Promise<boolean> {
    return this.deliver(topic, payload, { retain });
  }

  private async deliver(topic: string, payload: string, options: PublishOptions): Promise<boolean> {
    if (!this.transport) return false;
    const ok = await this.transport.publish(topic, payload, options);
    if (!ok) this.logger.debug('publish failed', { topic });
    return ok;
  }
}
