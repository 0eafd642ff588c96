import type { MqttSecurityMode } from '../config/mqtt-security-config';
import type { DevPki } from '../pki/dev-pki';
import type { LocalSubscribe } from './embedded-broker';
import type { CredentialSink } from './broker-thread/broker-link';

export const BROKER_ENDPOINT = Symbol('BROKER_ENDPOINT');

/** Where the broker is: the embedded aedes (closed with the app) or an external one. */
export interface BrokerEndpoint {
  url: string;
  embedded: boolean;
  /** The embedded broker's in-process subscription (the MQTT transport uses it instead of a connection). */
  subscribeLocal?: LocalSubscribe;
  /** How the API's own clients authenticate; absent = anonymous. */
  client?: MqttClientAuth;
  /** What the cars need to connect; absent = anonymous, plain TCP (`--insecure`). */
  security?: BrokerSecurity;
  close(): Promise<void>;
}

/** The part of mqtt.js' connect options that carries identity and trust. */
export interface MqttClientAuth {
  username?: string;
  password?: string;
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

export interface BrokerSecurity {
  mode: MqttSecurityMode;
  tls: boolean;
  /** The CA the agents trust the broker by (TLS only). */
  caFile: string | null;
  /** Issues car certificates (mtls, or TLS without passwords). */
  pki: DevPki | null;
  /** Embedded broker in password mode: where each car's new secret is registered (hashed). */
  store: CredentialSink | null;
  /** External broker in password mode: `<dir>/<car id>` holds the car's secret. */
  carSecretsDir: string | null;
}
