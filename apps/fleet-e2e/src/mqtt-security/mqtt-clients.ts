import { randomBytes } from 'node:crypto';
import { connectAsync, IClientOptions, MqttClient } from 'mqtt';
import { waitFor } from '@fleet/e2e/support';

export interface Received {
  topic: string;
  payload: string;
}

export interface Refusal {
  message: string;
  /** The CONNACK return code (a number); a string or nothing when TLS or the socket failed first. */
  code?: number | string;
}

/** A car's client id as the agent makes it: `<car id>-<8 hex>`. */
export const carClientId = (carId: string) =>
  `${carId}-${randomBytes(4).toString('hex')}`;

/** Plain mqtt.js clients for the security suite; `endAll` closes every client opened since the last call. */
export class MqttClients {
  private readonly open: MqttClient[] = [];

  async connect(url: string, options: IClientOptions): Promise<MqttClient> {
    const client = await connectAsync(
      url,
      { reconnectPeriod: 0, connectTimeout: 5000, ...options },
      false,
    );
    this.open.push(client);
    return client;
  }

  /** The error a connection attempt ends with; throws when the broker accepts it. */
  async refusal(url: string, options: IClientOptions): Promise<Refusal> {
    const outcome = await this.connect(url, options).then(
      (client) => ({ client }),
      (error: Refusal) => ({ error }),
    );
    if ('error' in outcome)
      return {
        message: String(outcome.error.message),
        code: outcome.error.code,
      };
    throw new Error('the broker accepted the connection');
  }

  async endAll(): Promise<void> {
    await Promise.all(
      this.open.splice(0).map((c) => c.endAsync(true).catch(() => undefined)),
    );
  }
}

/** Every message on `filter` from now on. */
export async function collect(
  client: MqttClient,
  filter: string,
): Promise<Received[]> {
  const seen: Received[] = [];
  client.on('message', (topic, payload) =>
    seen.push({ topic, payload: payload.toString() }),
  );
  await client.subscribeAsync(filter, { qos: 1 });
  return seen;
}

/** The QoS the broker granted for one subscription; 128 = refused. */
export async function grantedQos(
  client: MqttClient,
  filter: string,
): Promise<number> {
  try {
    const [grant] = await client.subscribeAsync(filter, { qos: 1 });
    return grant.qos;
  } catch (error) {
    const granted = (error as { packet?: { granted?: number[] } }).packet
      ?.granted;
    if (granted?.length === 1) return granted[0];
    throw error;
  }
}

/** Waits until `seen` holds a message with this payload (messages before it arrived before it). */
export function arrival(seen: Received[], payload: string): Promise<Received> {
  return waitFor(
    `a message "${payload}"`,
    () => seen.find((m) => m.payload === payload),
    5000,
    20,
  );
}

/** Resolves true once the client has lost its connection, false after `ms`. */
export function closedWithin(client: MqttClient, ms: number): Promise<boolean> {
  if (!client.connected) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    client.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
