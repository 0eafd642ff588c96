import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DevPki } from '../pki/dev-pki';
import type { BrokerSecurity } from './broker-endpoint';
import {
  CarCredentials,
  CERT_FILE,
  KEY_FILE,
  PASSWORD_FILE,
} from './car-credentials';
import { MqttCredentialStore } from './security/credential-store';

const CA = '/data/pki/ca.crt';

function security(overrides: Partial<BrokerSecurity> = {}): BrokerSecurity {
  return {
    mode: 'password',
    tls: false,
    caFile: null,
    pki: null,
    store: new MqttCredentialStore(),
    carSecretsDir: null,
    ...overrides,
  };
}

/** A stand-in for the development CA: records what it was asked to issue. */
function fakePki(issued: string[]): DevPki {
  return {
    clientCert: (
      name: string,
      files: { certFile: string; keyFile: string },
    ) => (issued.push(name), files),
  } as unknown as DevPki;
}

describe(CarCredentials.name, () => {
  let dir: string;
  let run: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fleet-creds-'));
    run = join(dir, 'agents', 'car-a');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps agents plain and anonymous without broker security', () => {
    expect(new CarCredentials(null).argsFor('car-a', run)).toEqual([
      '--insecure',
    ]);
    expect(
      new CarCredentials(security({ mode: 'none', store: null })).argsFor(
        'car-a',
        run,
      ),
    ).toEqual(['--insecure']);
  });

  it('hands a fresh secret through a 0600 file in the run folder and registers only its hash', async () => {
    const store = new MqttCredentialStore();
    const credentials = new CarCredentials(security({ store }));

    const args = credentials.argsFor('car-a', run);
    const file = join(run, PASSWORD_FILE);
    const first = readFileSync(file, 'utf8');

    expect(args).toEqual(['--insecure', '--mqtt-password-file', PASSWORD_FILE]);
    expect(args.join(' ')).not.toContain(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await store.verify('car-a', Buffer.from(first))).toBe(true);

    credentials.argsFor('car-a', run);
    const second = readFileSync(file, 'utf8');
    expect(second).not.toBe(first);
    expect(await store.verify('car-a', Buffer.from(first))).toBe(false);
    expect(await store.verify('car-a', Buffer.from(second))).toBe(true);

    credentials.revoke('car-a');
    expect(await store.verify('car-a', Buffer.from(second))).toBe(false);
  });

  it('registers the secret as generated (a fast hash: 256 random bits need no scrypt)', () => {
    const calls: unknown[][] = [];
    const store = {
      set: (...args: unknown[]) => calls.push(args),
      remove: () => undefined,
    };
    new CarCredentials(security({ store })).argsFor('car-a', run);

    expect(calls).toEqual([
      ['car-a', readFileSync(join(run, PASSWORD_FILE), 'utf8'), 'generated'],
    ]);
  });

  it('adds the CA for a TLS broker instead of --insecure', () => {
    const args = new CarCredentials(
      security({ tls: true, caFile: CA }),
    ).argsFor('car-a', run);

    expect(args).toEqual([
      '--ca_pem',
      CA,
      '--mqtt-password-file',
      PASSWORD_FILE,
    ]);
  });

  it("copies a provisioned secret for an external broker and fails clearly when the car's is missing", () => {
    const secrets = join(dir, 'secrets');
    mkdirSync(secrets);
    writeFileSync(join(secrets, 'car-a'), 'provisioned\n');
    const credentials = new CarCredentials(
      security({ store: null, carSecretsDir: secrets }),
    );

    credentials.argsFor('car-a', run);
    expect(readFileSync(join(run, PASSWORD_FILE), 'utf8')).toBe('provisioned');
    expect(() => credentials.argsFor('car-b', join(dir, 'car-b'))).toThrow(
      'no MQTT secret for car-b',
    );
  });

  it('issues a certificate named after the car for mutual TLS', () => {
    const issued: string[] = [];
    const args = new CarCredentials(
      security({
        mode: 'mtls',
        tls: true,
        caFile: CA,
        pki: fakePki(issued),
        store: null,
      }),
    ).argsFor('car-a', run);

    expect(issued).toEqual(['car-a']);
    expect(args).toEqual([
      '--ca_pem',
      CA,
      '--crt_pem',
      join(run, CERT_FILE),
      '--key_pem',
      join(run, KEY_FILE),
    ]);
  });

  it('refuses names reserved for the API and the server', () => {
    const credentials = new CarCredentials(security());

    expect(() => credentials.argsFor('fleet-api', run)).toThrow('reserved');
    expect(() => credentials.argsFor('ank-server', run)).toThrow('reserved');
  });
});
