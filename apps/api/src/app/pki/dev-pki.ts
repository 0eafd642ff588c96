import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { isUsableLeaf } from './certificate-check';
import { Openssl } from './openssl';

/** Real Ankaios' name for the server; agents' certificates name the agent. */
export const SERVER_NAME = 'ank-server';
export const SERVER_SANS = `DNS:${SERVER_NAME},DNS:localhost,IP:127.0.0.1`;
const CA_SUBJECT = '/O=Fleet OTA/CN=Fleet OTA development CA';
const CA_DAYS = 3650;
const LEAF_DAYS = 825;

export interface CertificateFiles {
  certFile: string;
  keyFile: string;
}

type Usage = 'serverAuth' | 'clientAuth';

/**
 * A development CA on disk (EC P-256) and the certificates it signs: the broker's (`ank-server`, localhost,
 * 127.0.0.1), the API's client (`fleet-api`) and one client certificate per car (CN and SAN = car id). The
 * layout is the one `tools/pki/dev-ca.ts` writes (through this class), so either may create it.
 */
export class DevPki {
  readonly caFile: string;
  readonly server: CertificateFiles;
  /** What this instance created, in order (`ca`, then certificate names): "kept" is everything else. */
  readonly created: string[] = [];
  private readonly caKeyFile: string;
  private ca: X509Certificate | null = null;

  constructor(
    readonly dir: string,
    private readonly openssl = new Openssl(),
    private readonly now: () => number = Date.now,
  ) {
    this.caFile = join(dir, 'ca.crt');
    this.caKeyFile = join(dir, 'ca.key');
    this.server = this.filesFor('server');
  }

  /** The client certificate of `name` kept in this folder (e.g. `fleet-api`). */
  filesFor(name: string): CertificateFiles {
    return {
      certFile: join(this.dir, `${name}.crt`),
      keyFile: join(this.dir, `${name}.key`),
    };
  }

  /** Creates what is missing or no longer valid: the CA, the server certificate, the given clients'. */
  ensure(clients: readonly string[] = []): void {
    this.caCertificate();
    this.issueUnlessUsable(SERVER_NAME, 'serverAuth', SERVER_SANS, this.server);
    for (const name of clients) this.clientCert(name, this.filesFor(name));
  }

  /** A client certificate for `name` (CN and SAN): kept while valid for this CA, issued anew otherwise. */
  clientCert(name: string, files: CertificateFiles): CertificateFiles {
    return this.issueUnlessUsable(name, 'clientAuth', `DNS:${name}`, files);
  }

  private issueUnlessUsable(
    name: string,
    usage: Usage,
    sans: string,
    files: CertificateFiles,
  ): CertificateFiles {
    const ca = this.caCertificate();
    if (!isUsableLeaf(files, ca, name, this.now()))
      this.issue(name, usage, sans, files);
    return files;
  }

  private caCertificate(): X509Certificate {
    if (this.ca && Date.parse(this.ca.validTo) > this.now()) return this.ca;
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    this.ca = this.loadCa();
    if (this.ca) return this.ca;
    this.openssl.run([
      'req',
      '-x509',
      ...newKey(this.caKeyFile),
      '-out',
      this.caFile,
      '-days',
      String(CA_DAYS),
      '-subj',
      CA_SUBJECT,
      '-config',
      '/dev/null',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-addext',
      'subjectKeyIdentifier=hash',
    ]);
    chmodSync(this.caKeyFile, 0o600);
    this.created.push('ca');
    this.ca = new X509Certificate(readFileSync(this.caFile));
    return this.ca;
  }

  private loadCa(): X509Certificate | null {
    try {
      const ca = new X509Certificate(readFileSync(this.caFile));
      readFileSync(this.caKeyFile);
      return ca.ca && Date.parse(ca.validTo) > this.now() ? ca : null;
    } catch {
      return null;
    }
  }

  private issue(
    name: string,
    usage: Usage,
    sans: string,
    files: CertificateFiles,
  ): void {
    this.openssl.run([
      'req',
      '-x509',
      ...newKey(files.keyFile),
      '-out',
      files.certFile,
      '-days',
      String(LEAF_DAYS),
      '-subj',
      `/CN=${name}`,
      '-config',
      '/dev/null',
      '-CA',
      this.caFile,
      '-CAkey',
      this.caKeyFile,
      '-addext',
      'basicConstraints=critical,CA:FALSE',
      '-addext',
      'keyUsage=critical,digitalSignature',
      '-addext',
      `extendedKeyUsage=${usage}`,
      '-addext',
      `subjectAltName=${sans}`,
      '-addext',
      'authorityKeyIdentifier=keyid',
    ]);
    chmodSync(files.keyFile, 0o600);
    this.created.push(name);
  }
}

function newKey(keyFile: string): string[] {
  return [
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    keyFile,
  ];
}
