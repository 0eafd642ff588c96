import { ConfigError, loadConfig } from './load-config';

const load = (env: Record<string, string | undefined>) =>
  loadConfig(env, '/repo/dist/apps/api', '/work').mqttSecurity;
const EXTERNAL = { MQTT_URL: 'mqtt://broker.example:1883' };

describe('MQTT security settings', () => {
  it('secures the embedded broker with passwords, without TLS, by default', () => {
    expect(load({})).toEqual({
      mode: 'password',
      tls: false,
      username: 'fleet-api',
      password: null,
      caFile: null,
      certFile: null,
      keyFile: null,
      carSecretsDir: null,
      pkiDir: '/work/data/pki',
    });
  });

  it('keeps an external broker anonymous unless told otherwise, and takes TLS from its URL', () => {
    expect(load(EXTERNAL)).toMatchObject({ mode: 'none', tls: false });
    expect(load({ MQTT_URL: 'mqtts://broker.example:8883' }).tls).toBe(true);
  });

  it('turns TLS on for mutual TLS and resolves the file settings against the working directory', () => {
    expect(load({ MQTT_SECURITY: 'mtls' })).toMatchObject({
      mode: 'mtls',
      tls: true,
    });
    expect(
      load({
        MQTT_URL: 'mqtts://b:8883',
        MQTT_SECURITY: 'password',
        MQTT_USERNAME: 'api-user',
        MQTT_PASSWORD: 'long-enough',
        MQTT_CA: 'pki/ca.crt',
        MQTT_CAR_SECRETS_DIR: '/etc/fleet/secrets',
      }),
    ).toMatchObject({
      username: 'api-user',
      password: 'long-enough',
      caFile: '/work/pki/ca.crt',
      carSecretsDir: '/etc/fleet/secrets',
    });
  });

  it.each([
    [{ MQTT_SECURITY: 'mtls', MQTT_TLS: 'off' }, 'needs MQTT_TLS=on'],
    [{ ...EXTERNAL, MQTT_SECURITY: 'mtls' }, 'needs an mqtts:// MQTT_URL'],
    [{ ...EXTERNAL, MQTT_TLS: 'on' }, 'use an mqtts:// MQTT_URL'],
    [{ MQTT_USERNAME: 'someone' }, 'MQTT_USERNAME is for an external broker'],
    [{ ...EXTERNAL, MQTT_SECURITY: 'password' }, 'needs MQTT_PASSWORD'],
    [{ MQTT_CERT: 'api.crt' }, 'MQTT_CERT and MQTT_KEY go together'],
    [{ MQTT_SECURITY: 'tokens' }, 'MQTT_SECURITY='],
    [{ MQTT_TLS: 'yes' }, 'MQTT_TLS='],
  ])('refuses %j', (env, reason) => {
    expect(() => load(env)).toThrow(ConfigError);
    expect(() => load(env)).toThrow(reason);
  });

  it('never repeats the MQTT password in an error', () => {
    expect(() => load({ MQTT_PASSWORD: 'short' })).toThrow(
      /MQTT_PASSWORD="\*\*\*"/,
    );
    expect(() => load({ MQTT_PASSWORD: 'short' })).not.toThrow(/short/);
  });
});
