import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestBroker, TestBroker } from '../integration/test-broker';
import { tempDir } from '../testing/factories';
import { recordTransport, RecordedTransport, transportOptions, until } from '../testing/transport-recorder';
import { createMqttTransport } from './mqtt-transport';

jest.setTimeout(15_000);

/** A self-signed EC certificate for 127.0.0.1, made by openssl. */
function selfSigned(dir: string, name: string): { key: Buffer; cert: Buffer } {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.crt`);
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
    '-subj', `/CN=${name}`, '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert,
  ], { stdio: 'ignore' });
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

describe(`${createMqttTransport.name} over TLS`, () => {
  const dir = tempDir();
  const server = selfSigned(dir.path, 'broker');
  const stranger = selfSigned(dir.path, 'stranger');
  let broker: TestBroker;
  const open: RecordedTransport[] = [];

  beforeAll(async () => {
    broker = await startTestBroker(0, server);
  });

  afterAll(async () => {
    await Promise.all(open.map((r) => r.transport.end()));
    await broker.close();
    dir.remove();
  });

  it('connects to an mqtts:// broker whose certificate the given CA vouches for', async () => {
    const recorded = recordTransport(transportOptions(broker.url, { tls: { ca: server.cert } }));
    open.push(recorded);

    await until('the CONNACK', () => recorded.transport.connected);
    await expect(recorded.transport.publish('cars/a', 'over tls')).resolves.toBe(true);
  });

  it('refuses a broker certificate another CA signed, and reports it once', async () => {
    const recorded = recordTransport(transportOptions(broker.url, { tls: { ca: stranger.cert } }));
    open.push(recorded);

    await new Promise((resolve) => setTimeout(resolve, 500)); // several reconnect attempts
    expect(recorded.connects).toBe(0);
    expect(recorded.errors).toEqual([expect.stringMatching(/self.signed|certificate/i)]);
  });
});
