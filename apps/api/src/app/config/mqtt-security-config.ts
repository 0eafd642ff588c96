import { join, resolve } from 'node:path';
import type { EnvironmentVariables } from './environment-variables';

export type MqttSecurityMode = 'none' | 'password' | 'mtls';

/** The API's MQTT user; the only client that may command cars. */
export const API_MQTT_USERNAME = 'fleet-api';

/** How clients prove who they are to the broker, and whether the link is TLS. */
export interface MqttSecuritySettings {
  /** none: anonymous; password: username + secret; mtls: a client certificate whose CN is the username. */
  mode: MqttSecurityMode;
  /** Embedded broker: listen with TLS. External broker: the URL is mqtts://. */
  tls: boolean;
  /** The API's own MQTT username (always `fleet-api` on the embedded broker). */
  username: string;
  /** The API's own MQTT password; null = a random one per start (embedded broker only). */
  password: string | null;
  /** TLS files of the API's client; null = the development PKI's. Absolute. */
  caFile: string | null;
  certFile: string | null;
  keyFile: string | null;
  /** External broker in password mode: one file per car, named by its id, holding its secret. */
  carSecretsDir: string | null;
  /** The development PKI: CA, server and API certificates, created on first need. Absolute. */
  pkiDir: string;
}

/** Thrown as a ConfigError by the caller; the message names the variables. */
export class MqttSecurityConfigError extends Error {}

export function mqttSecurityFrom(
  vars: EnvironmentVariables,
  dataDir: string,
  cwd: string,
): MqttSecuritySettings {
  const external = vars.MQTT_URL !== undefined;
  const mode = vars.MQTT_SECURITY ?? (external ? 'none' : 'password');
  const path = (value?: string) => (value ? resolve(cwd, value) : null);
  const settings: MqttSecuritySettings = {
    mode,
    tls: external
      ? /^(mqtts|ssl|wss):/.test(vars.MQTT_URL ?? '')
      : (vars.MQTT_TLS ?? (mode === 'mtls' ? 'on' : 'off')) === 'on',
    username: vars.MQTT_USERNAME ?? API_MQTT_USERNAME,
    password: vars.MQTT_PASSWORD ?? null,
    caFile: path(vars.MQTT_CA),
    certFile: path(vars.MQTT_CERT),
    keyFile: path(vars.MQTT_KEY),
    carSecretsDir: path(vars.MQTT_CAR_SECRETS_DIR),
    pkiDir: join(dataDir, 'pki'),
  };
  checkCombination(settings, vars, external);
  return settings;
}

function checkCombination(
  s: MqttSecuritySettings,
  vars: EnvironmentVariables,
  external: boolean,
): void {
  const fail = (message: string) => {
    throw new MqttSecurityConfigError(message);
  };
  if (s.mode === 'mtls' && !s.tls)
    fail(
      external
        ? 'MQTT_SECURITY=mtls needs an mqtts:// MQTT_URL'
        : 'MQTT_SECURITY=mtls needs MQTT_TLS=on',
    );
  if (external && vars.MQTT_TLS === 'on' && !s.tls)
    fail('MQTT_TLS=on with an external broker: use an mqtts:// MQTT_URL');
  if (!external && s.username !== API_MQTT_USERNAME)
    fail(
      `MQTT_USERNAME is for an external broker (MQTT_URL); the embedded broker's API user is ${API_MQTT_USERNAME}`,
    );
  if (external && s.mode === 'password' && s.password === null)
    fail('MQTT_SECURITY=password with an external broker needs MQTT_PASSWORD');
  if ((s.certFile === null) !== (s.keyFile === null))
    fail('MQTT_CERT and MQTT_KEY go together');
}
