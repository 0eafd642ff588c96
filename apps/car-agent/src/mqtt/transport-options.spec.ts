import { CarTopics } from '@fleet/shared/contracts';
import { StartupError } from '../agent/startup-error';
import { agentConfig } from '../testing/factories';
import { buildTransportOptions } from './transport-options';

const INSTANCE = '0123abcd-0000-4000-8000-000000000001';
const NOW = new Date('2026-03-01T10:00:00.000Z');

/** Reads from an in-memory folder; anything else does not exist. */
const files = (contents: Record<string, string>) => (path: string) => {
  if (!(path in contents)) throw new Error(`ENOENT: ${path}`);
  return Buffer.from(contents[path]);
};

describe(buildTransportOptions.name, () => {
  it("connects as <name>-<8 hex> with a retained last will on the car's own status", () => {
    const options = buildTransportOptions(agentConfig({ name: 'car-9' }), INSTANCE, NOW, files({}));

    expect(options.clientId).toBe('car-9-0123abcd');
    expect(options.will).toMatchObject({ topic: CarTopics.status('car-9'), retain: true });
    expect(JSON.parse(options.will.payload)).toEqual({ name: 'car-9', online: false, instanceId: INSTANCE, at: NOW.toISOString() });
    expect(options.tls).toBeNull();
    expect(options.credentials).toBeNull();
  });

  it('reads the password from its file (without the trailing newline), the username defaulting to the name', () => {
    const read = files({ '/run/pw': 's3cret\n' });

    const own = buildTransportOptions(agentConfig({ mqttAuth: { username: null, passwordFile: '/run/pw' } }), INSTANCE, NOW, read);
    const other = buildTransportOptions(agentConfig({ mqttAuth: { username: 'svc', passwordFile: '/run/pw' } }), INSTANCE, NOW, read);

    expect(own.credentials).toEqual({ username: 'car-1', password: 's3cret' });
    expect(other.credentials).toEqual({ username: 'svc', password: 's3cret' });
  });

  it('reads the CA alone for server-authenticated TLS, and all three files for mutual TLS', () => {
    const read = files({ ca: 'CA', crt: 'CRT', key: 'KEY' });

    const caOnly = buildTransportOptions(agentConfig({ tls: { caPem: 'ca', crtPem: null, keyPem: null } }), INSTANCE, NOW, read);
    const mutual = buildTransportOptions(agentConfig({ tls: { caPem: 'ca', crtPem: 'crt', keyPem: 'key' } }), INSTANCE, NOW, read);

    expect(caOnly.tls).toEqual({ ca: Buffer.from('CA') });
    expect(mutual.tls).toEqual({ ca: Buffer.from('CA'), cert: Buffer.from('CRT'), key: Buffer.from('KEY') });
  });

  it('finds a relative password file inside the run folder', () => {
    const config = agentConfig({ runFolder: '/data/agents/car-1', mqttAuth: { username: null, passwordFile: 'mqtt-password' } });

    const options = buildTransportOptions(config, INSTANCE, NOW, files({ '/data/agents/car-1/mqtt-password': 'inside' }));

    expect(options.credentials).toEqual({ username: 'car-1', password: 'inside' });
  });

  it.each([
    ['an unreadable password file', { mqttAuth: { username: null, passwordFile: '/gone' } }, 'cannot read the MQTT password file'],
    ['an empty password file', { mqttAuth: { username: null, passwordFile: '/empty' } }, 'is empty'],
    ['an unreadable certificate', { tls: { caPem: 'ca', crtPem: '/gone', keyPem: 'key' } }, 'cannot read the certificates'],
  ])('refuses to start with %s', (_case, overrides, reason) => {
    const read = files({ '/empty': '\n', ca: 'CA', key: 'KEY' });

    expect(() => buildTransportOptions(agentConfig(overrides), INSTANCE, NOW, read)).toThrow(StartupError);
    expect(() => buildTransportOptions(agentConfig(overrides), INSTANCE, NOW, read)).toThrow(reason);
  });
});
