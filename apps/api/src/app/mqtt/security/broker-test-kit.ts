import { randomBytes } from 'node:crypto';
import { connectAsync, IClientOptions, MqttClient } from 'mqtt';

// Real mqtt.js clients for the specs of the secured embedded broker (and only for them).

export const carClientId = (carId: string) =>
  `${carId}-${randomBytes(4).toString('hex')}`;

/** Connects once (no retries); rejects with the broker's or the TLS layer's refusal. */
export function connectOnce(
  url: string,
  options: IClientOptions = {},
): Promise<MqttClient> {
  return connectAsync(
    url,
    { reconnectPeriod: 0, connectTimeout: 3000, ...options },
    false,
  );
}

export interface Refusal {
  message: string;
  /** The CONNACK return code (a number); a string or nothing when TLS or the socket failed first. */
  code?: number | string;
}

/** The error a refused connection ends with (TLS errors come from Node's realm, so no instanceof). */
export async function refusalOf(
  url: string,
  options: IClientOptions = {},
): Promise<Refusal> {
  const outcome = await connectOnce(url, options).then(
    (client) => ({ client }),
    (error: Refusal) => ({ error }),
  );
  if ('error' in outcome)
    return { message: String(outcome.error.message), code: outcome.error.code };
  await outcome.client.endAsync();
  throw new Error('the broker accepted the connection');
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

/** Every message on `filter` from now on. */
export async function collect(
  client: MqttClient,
  filter: string,
): Promise<{ topic: string; payload: string }[]> {
  const seen: { topic: string; payload: string }[] = [];
  client.on('message', (topic, payload) =>
    seen.push({ topic, payload: payload.toString() }),
  );
  await client.subscribeAsync(filter, { qos: 1 });
  return seen;
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

export const pause = (ms: number) =>
  new Promise((resolve) => setTimeout(resolve, ms));
