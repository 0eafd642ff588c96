import type { Logger } from '../logging/logger';
import type { MqttTransport } from '../mqtt/transport';

/** JSON publishing (QoS 1) that never throws; anything published while offline is dropped. */
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

  /** Resolves once the broker acknowledged the message (false when it did not). */
  send(topic: string, body: unknown, retain = false): Promise<boolean> {
    return this.sendText(topic, JSON.stringify(body), retain);
  }

  /** Like send, for a payload that is already serialised. */
  async sendText(topic: string, payload: string, retain = false): Promise<boolean> {
    if (!this.transport) return false;
    const ok = await this.transport.publish(topic, payload, { retain });
    if (!ok) this.logger.debug('publish failed', { topic });
    return ok;
  }
}
