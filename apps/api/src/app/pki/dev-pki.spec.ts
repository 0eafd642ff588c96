import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commonName } from './certificate-check';
import { DevPki } from './dev-pki';

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const YEAR_MS = 365 * 24 * 3600_000;

const certificate = (file: string) => new X509Certificate(readFileSync(file));
const mode = (file: string) => statSync(file).mode & 0o777;

// Every certificate is an openssl process: slow on a busy machine.
jest.setTimeout(30_000);

/** Real openssl into a temporary folder. */
describe(DevPki.name, () => {
  let dir: string;

  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'fleet-pki-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates an EC P-256 CA and a server certificate for ank-server, localhost and 127.0.0.1', () => {
    const pki = new DevPki(join(dir, 'pki'));
    pki.ensure(['fleet-api']);

    const ca = certificate(pki.caFile);
    const server = certificate(pki.server.certFile);
    expect(ca.ca).toBe(true);
    expect(ca.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(commonName(server.subject)).toBe('ank-server');
    expect(server.subjectAltName).toBe(
      'DNS:ank-server, DNS:localhost, IP Address:127.0.0.1',
    );
    expect(server.keyUsage).toEqual([SERVER_AUTH]);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(mode(join(dir, 'pki/ca.key'))).toBe(0o600);
    expect(mode(pki.server.keyFile)).toBe(0o600);
    expect(
      commonName(certificate(pki.filesFor('fleet-api').certFile).subject),
    ).toBe('fleet-api');
  });

  it('issues a client certificate whose CN and SAN are the car id', () => {
    const pki = new DevPki(dir);
    const files = pki.clientCert('car-7', {
      certFile: join(dir, 'car-7.crt'),
      keyFile: join(dir, 'car-7.key'),
    });

    const cert = certificate(files.certFile);
    expect(commonName(cert.subject)).toBe('car-7');
    expect(cert.subjectAltName).toBe('DNS:car-7');
    expect(cert.keyUsage).toEqual([CLIENT_AUTH]);
    expect(cert.ca).toBe(false);
    expect(cert.verify(certificate(pki.caFile).publicKey)).toBe(true);
    expect(mode(files.keyFile)).toBe(0o600);
  });

  it('keeps valid certificates and reissues those that expire soon or name someone else', () => {
    let later = 0;
    const pki = new DevPki(dir, undefined, () => Date.now() + later);
    const files = { certFile: join(dir, 'c.crt'), keyFile: join(dir, 'c.key') };
    const first = certificate(
      pki.clientCert('car-1', files).certFile,
    ).serialNumber;

    expect(
      certificate(pki.clientCert('car-1', files).certFile).serialNumber,
    ).toBe(first);
    const renamed = certificate(pki.clientCert('car-2', files).certFile);
    expect(commonName(renamed.subject)).toBe('car-2');

    later = 3 * YEAR_MS; // past the 825-day leaf, inside the CA's ten years
    expect(
      certificate(pki.clientCert('car-2', files).certFile).serialNumber,
    ).not.toBe(renamed.serialNumber);
  });

  it('reissues everything under a new CA when the CA files are gone', () => {
    const pki = new DevPki(dir);
    pki.ensure();
    const oldServer = certificate(pki.server.certFile).serialNumber;
    rmSync(pki.caFile);

    const fresh = new DevPki(dir);
    fresh.ensure();
    const ca = certificate(fresh.caFile);
    const server = certificate(fresh.server.certFile);
    expect(server.serialNumber).not.toBe(oldServer);
    expect(server.verify(ca.publicKey)).toBe(true);
  });
});
