import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IClientOptions } from 'mqtt';

/** The API's MQTT user: the only one that may publish and subscribe anywhere (README, "MQTT security"). */
export const API_MQTT_USER = 'fleet-api';

export interface BrokerSecurityView {
  mode: 'none' | 'password' | 'mtls';
  tls: boolean;
}

/** Mirrors the API's defaults: an embedded broker wants passwords, an external one is taken as anonymous. */
export function brokerSecurityOf(
  env: Record<string, string>,
  mqttUrl: string | undefined,
): BrokerSecurityView {
  const mode = (env['MQTT_SECURITY'] ??
    (mqttUrl ? 'none' : 'password')) as BrokerSecurityView['mode'];
  const tls = mqttUrl
    ? /^mqtts:/.test(mqttUrl)
    : (env['MQTT_TLS'] ?? (mode === 'mtls' ? 'on' : 'off')) === 'on';
  return { mode, tls };
}

/**
 * Connect options of a test client acting as the API: `fleet-api` with the API's MQTT_PASSWORD, or the API's
 * certificate from `DATA_DIR/pki` (mtls); the development CA whenever the broker speaks TLS.
 */
export function apiMqttOptions(
  env: Record<string, string>,
  mqttUrl: string | undefined,
  dataDir: string,
): IClientOptions {
  const { mode, tls } = brokerSecurityOf(env, mqttUrl);
  const pki = (file: string) => readFileSync(join(dataDir, 'pki', file));
  return {
    ...(mode === 'password'
      ? {
          username: env['MQTT_USERNAME'] ?? API_MQTT_USER,
          password: env['MQTT_PASSWORD'],
        }
      : {}),
    ...(tls
      ? { ca: env['MQTT_CA'] ? readFileSync(env['MQTT_CA']) : pki('ca.crt') }
      : {}),
    ...(mode === 'mtls'
      ? { cert: pki(`${API_MQTT_USER}.crt`), key: pki(`${API_MQTT_USER}.key`) }
      : {}),
  };
}
