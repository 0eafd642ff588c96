import { randomBytes } from 'node:crypto';
import { connect } from 'mqtt';
import type { BrokerEndpoint } from '../mqtt/broker-endpoint';

export interface RetainedMessage {
  topic: string;
  payload: unknown;
}

/** At most this many retained messages are read (one per car). */
export const MAX_RETAINED = 100_000;
const CONNECT_TIMEOUT_MS = 5000;

/**
 * The retained messages under `filter` as the broker has them now: a short-lived client subscribes, collects
 * what the broker replays for `settleMs`, and leaves. Never rejects: a broker that is down yields nothing.
 */
export function readRetained(
  broker: Pick<BrokerEndpoint, 'url' | 'client'>,
  filter: string,
  /** Prefix of the client id; a random suffix keeps parallel reads apart. */
  clientPrefix: string,
  settleMs = 1500,
): Promise<RetainedMessage[]> {
  return new Promise((resolve) => {
    const found = new Map<string, unknown>();
    const client = connect(broker.url, {
      ...broker.client,
      clientId: `${clientPrefix.slice(0, 100)}-${randomBytes(4).toString('hex')}`,
      connectTimeout: CONNECT_TIMEOUT_MS,
      reconnectPeriod: 0,
      clean: true,
    });
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(giveUp);
      client.end(true);
      resolve([...found].map(([topic, payload]) => ({ topic, payload })));
    };
    const giveUp = setTimeout(finish, CONNECT_TIMEOUT_MS + settleMs);
    client.on('error', finish);
    client.on('close', finish);
    client.on('message', (topic, payload, packet) => {
      if (!packet.retain || found.size >= MAX_RETAINED) return;
      const text = payload.toString('utf8');
      if (text === '') return;
      try {
        found.set(topic, JSON.parse(text));
      } catch {
        // A malformed retained message is skipped; the car's next report corrects it.
      }
    });
    client.on('connect', () =>
      client.subscribe(filter, { qos: 1 }, (error) => {
        if (error) finish();
        else setTimeout(finish, settleMs);
      }),
    );
  });
}
