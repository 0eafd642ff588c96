import { Inject, Injectable, Logger } from '@nestjs/common';
import type { IPublishPacket, MqttClient } from 'mqtt';
import { withTimeout } from '../common/with-timeout';

export const MQTT_CLIENT = Symbol('MQTT_CLIENT');
export const PUBLISH_TIMEOUT_MS = 5000;
const CLOSE_TIMEOUT_MS = 3000;

/** The request did not leave: the broker connection was down or refused it. Nothing is queued for later. */
export class PublishRefusedError extends Error {}

/** A request handed to the broker connection (see `MqttPublisher.publishRequest`). */
export interface SentRequest {
  /** The broker confirmed it (PUBACK) in time. When false it may still arrive: it was written, or waits for a reconnect. */
  readonly acknowledged: boolean;
  /** Takes an unacknowledged request off the client's resend store, so that a reconnect does not send it late; no-op once acknowledged. */
  withdraw(): void;
}

/**
 * The one rule for a request the broker confirmed late: it may still reach the car, so its answer counts; once
 * `answer` fails (nobody waits for one any more) the request is withdrawn, so that a reconnect cannot deliver it
 * later. Nothing to do for a confirmed request; an answer that has already failed withdraws it at once.
 */
export function withdrawUnlessAnswered(
  sent: SentRequest,
  answer: Promise<unknown>,
): void {
  if (!sent.acknowledged) answer.catch(() => sent.withdraw());
}

/** Every publish of the API goes through here: one shared client, QoS 1. */
@Injectable()
export class MqttPublisher {
  private readonly logger = new Logger(MqttPublisher.name);
  private lastError = '';

  constructor(@Inject(MQTT_CLIENT) private readonly client: MqttClient) {
    client.on('connect', () => {
      this.lastError = '';
      this.logger.log('connected to the broker');
    });
    client.on('offline', () =>
      this.logger.warn('broker connection lost; reconnecting'),
    );
    client.on('error', (error) => {
      // mqtt.js repeats the same error on every reconnect attempt; log each distinct one once.
      if (error.message === this.lastError) return;
      this.lastError = error.message;
      this.logger.error(`broker connection error: ${error.message}`);
    });
  }

  get connected(): boolean {
    return this.client.connected;
  }

  async publish(
    topic: string,
    payload: unknown,
    options: { retain?: boolean } = {},
  ): Promise<void> {
    const body = JSON.stringify(payload);
    await withTimeout(
      this.client.publishAsync(topic, body, {
        qos: 1,
        retain: options.retain ?? false,
      }),
      PUBLISH_TIMEOUT_MS,
      `publish to ${topic}`,
    );
  }

  /**
   * A request whose sender waits for an answer, so it must know whether it left: refused at once (with
   * nothing queued) while the broker connection is down; otherwise handed to the connection and settled by
   * the broker's PUBACK or, after `ackMs`, as unacknowledged. A late PUBACK does not mean the request was
   * lost (the broker or this process may just be busy), so the caller keeps waiting for the answer and
   * withdraws the request once it stops waiting.
   */
  publishRequest(
    topic: string,
    payload: unknown,
    ackMs = PUBLISH_TIMEOUT_MS,
  ): Promise<SentRequest> {
    return this.sendRequest(topic, JSON.stringify(payload), ackMs);
  }

  /** `publishRequest` with a text payload sent as is (the fleet connector's manifests are YAML). */
  publishTextRequest(
    topic: string,
    text: string,
    ackMs = PUBLISH_TIMEOUT_MS,
  ): Promise<SentRequest> {
    return this.sendRequest(topic, text, ackMs);
  }

  private sendRequest(
    topic: string,
    body: string,
    ackMs: number,
  ): Promise<SentRequest> {
    if (!this.client.connected)
      return Promise.reject(
        new PublishRefusedError('not connected to the broker'),
      );
    return new Promise<SentRequest>((resolve, reject) => {
      let settled = false;
      let acked = false;
      /** The packet's id, only if it is ours: a publish queued behind a reconnect's resends has none yet. */
      let id: number | null = null;
      const timer = setTimeout(() => {
        settled = true;
        resolve({
          acknowledged: false,
          withdraw: () => {
            if (acked) return;
            // A publish that waited behind a reconnect's resends got its id later: look for it then.
            const own =
              id !== null && this.client.outgoing[id]?.cb === onAck
                ? id
                : this.outgoingIdOf(onAck);
            if (own !== null) this.client.removeOutgoingMessage(own);
          },
        });
      }, ackMs);
      const onAck = (error?: Error) => {
        acked = !error;
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) reject(new PublishRefusedError(error.message));
        else resolve({ acknowledged: true, withdraw: () => undefined });
      };
      this.client.publish(topic, body, { qos: 1, retain: false }, onAck);
      const last = this.client.getLastMessageId();
      if (this.client.outgoing[last]?.cb === onAck) id = last;
    });
  }

  /** The id of the unacknowledged publish whose callback is `cb`, if the client still holds it. */
  private outgoingIdOf(cb: unknown): number | null {
    for (const [id, entry] of Object.entries(this.client.outgoing))
      if (entry.cb === cb) return Number(id);
    return null;
  }

  /** A text payload sent as is: the fleet connector's manifests are YAML, not JSON. */
  async publishText(topic: string, text: string): Promise<void> {
    await withTimeout(
      this.client.publishAsync(topic, text, { qos: 1, retain: false }),
      PUBLISH_TIMEOUT_MS,
      `publish to ${topic}`,
    );
  }

  /** An empty retained message removes the retained one. */
  async clearRetained(topic: string): Promise<void> {
    await withTimeout(
      this.client.publishAsync(topic, '', { qos: 1, retain: true }),
      PUBLISH_TIMEOUT_MS,
      `clear ${topic}`,
    );
  }

  /**
   * The retained messages the broker holds for `topics` now: subscribes (the broker sends each retained
   * message on a new subscription), hands each to `onMessage`, and unsubscribes after `waitMs`. Only retained
   * copies count; live messages on these topics reach the API's transport as always.
   */
  async readRetained(
    topics: readonly string[],
    onMessage: (topic: string, payload: Buffer) => void,
    waitMs: number,
  ): Promise<void> {
    if (topics.length === 0) return;
    const wanted = new Set(topics);
    const listener = (
      topic: string,
      payload: Buffer,
      packet: IPublishPacket,
    ) => {
      if (packet.retain && wanted.has(topic)) onMessage(topic, payload);
    };
    this.client.on('message', listener);
    try {
      await withTimeout(
        this.client.subscribeAsync([...topics], { qos: 1 }),
        PUBLISH_TIMEOUT_MS,
        `subscribe to ${topics.length} retained topic(s)`,
      );
      await new Promise((resolve) => setTimeout(resolve, waitMs).unref());
    } finally {
      this.client.removeListener('message', listener);
      await withTimeout(
        this.client.unsubscribeAsync([...topics]),
        PUBLISH_TIMEOUT_MS,
        'unsubscribe',
      ).catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await withTimeout(
      this.client.endAsync(),
      CLOSE_TIMEOUT_MS,
      'closing the MQTT client',
    ).catch(() => this.client.end(true));
  }
}
