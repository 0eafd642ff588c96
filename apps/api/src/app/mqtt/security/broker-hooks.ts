import { TLSSocket } from 'node:tls';
import type { AedesOptions, AuthenticateError, Client } from 'aedes';
import type { MqttCredentialStore } from './credential-store';
import type { DenialLog } from './denial-log';
import { describeIdentity, identityOf, MqttIdentity } from './mqtt-identity';
import {
  mayLeaveWill,
  mayPublish,
  maySubscribe,
  mayUseClientId,
} from './topic-policy';

export type BrokerHooks = Required<
  Pick<
    AedesOptions,
    'preConnect' | 'authenticate' | 'authorizePublish' | 'authorizeSubscribe'
  >
>;

export interface BrokerAuthOptions {
  /** password: username + secret from the store; mtls: the verified client certificate's CN. */
  mode: 'password' | 'mtls';
  store: MqttCredentialStore;
  denials: DenialLog;
}

// MQTT 3.1.1 CONNACK return codes.
const IDENTIFIER_REJECTED = 2;
const BAD_CREDENTIALS = 4;
const NOT_AUTHORIZED = 5;

interface Refusal {
  code: number;
  reason: string;
}

/**
 * The embedded broker's authentication and authorization: every client is the API or one car; a car may
 * use its own topics only (see topic-policy). A refused subscription is answered with SUBACK 0x80; a refused
 * publish closes the connection (aedes' way, allowed by MQTT-3.3.5-2; Mosquitto drops it silently instead).
 */
export function brokerHooks(options: BrokerAuthOptions): BrokerHooks {
  const identities = new WeakMap<Client, MqttIdentity>();
  const wills = new WeakMap<Client, string>();
  const who = (client: Client) => {
    const identity = identities.get(client);
    return identity ? describeIdentity(identity) : 'an unauthenticated client';
  };

  return {
    preConnect(client, packet, done) {
      if (packet.will) wills.set(client, packet.will.topic);
      done(null, true);
    },
    authenticate(client, username, password, done) {
      identify(options, client, username, password, wills.get(client)).then(
        (result) => {
          if ('code' in result) {
            options.denials.record(
              client.id,
              username ?? 'anonymous',
              'connect',
              result.reason,
            );
            return done(authError(result), null);
          }
          identities.set(client, result);
          done(null, true);
        },
        (error: Error) =>
          done(authError({ code: 3, reason: error.message }), null),
      );
    },
    authorizePublish(client, packet, done) {
      const identity = client ? identities.get(client) : undefined;
      if (client && identity && mayPublish(identity, packet.topic))
        return done(null);
      if (client)
        options.denials.record(client.id, who(client), 'publish', packet.topic);
      done(new Error(`publish to ${packet.topic} not authorized`));
    },
    authorizeSubscribe(client, subscription, done) {
      const identity = identities.get(client);
      if (identity && maySubscribe(identity, subscription.topic))
        return done(null, subscription);
      options.denials.record(
        client.id,
        who(client),
        'subscribe',
        subscription.topic,
      );
      done(null, null);
    },
  };
}

async function identify(
  options: BrokerAuthOptions,
  client: Client,
  username: string | undefined,
  password: Buffer | undefined,
  willTopic: string | undefined,
): Promise<MqttIdentity | Refusal> {
  const name = options.mode === 'mtls' ? certificateName(client) : username;
  if (options.mode === 'mtls' && username && username !== name)
    return {
      code: BAD_CREDENTIALS,
      reason: `username ${username} differs from its certificate (${name})`,
    };
  const identity = identityOf(name);
  if (!identity)
    return { code: NOT_AUTHORIZED, reason: `unknown user ${name ?? '(none)'}` };
  if (
    options.mode === 'password' &&
    !(await options.store.verify(name as string, password))
  )
    return { code: BAD_CREDENTIALS, reason: 'wrong or missing password' };
  if (!mayUseClientId(identity, client.id))
    return {
      code: IDENTIFIER_REJECTED,
      reason: `client id must be <car id>-<hex>`,
    };
  if (willTopic !== undefined && !mayLeaveWill(identity, willTopic))
    return { code: NOT_AUTHORIZED, reason: `last will on ${willTopic}` };
  return identity;
}

/** The CN of a client certificate the TLS layer has verified against the CA. */
function certificateName(client: Client): string | undefined {
  const conn = client.conn;
  if (!(conn instanceof TLSSocket) || !conn.authorized) return undefined;
  const cn = conn.getPeerCertificate().subject?.CN;
  return typeof cn === 'string' ? cn : undefined;
}

function authError(refusal: Refusal): AuthenticateError {
  return Object.assign(new Error(refusal.reason), {
    returnCode: refusal.code,
  }) as AuthenticateError;
}
