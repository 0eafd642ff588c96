import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { CertificateFiles } from './dev-pki';

/** A certificate this close to its end is issued anew rather than handed out. */
export const RENEW_BEFORE_MS = 7 * 24 * 3600_000;

/** The CN of a subject as Node prints it (`O=...\nCN=car-1`), or null. */
export function commonName(subject: string | undefined): string | null {
  const line = (subject ?? '').split('\n').find((l) => l.startsWith('CN='));
  return line ? line.slice(3) : null;
}

/** True when the files hold a certificate for `name`, signed by `ca`, valid for a while, with its key. */
export function isUsableLeaf(
  files: CertificateFiles,
  ca: X509Certificate,
  name: string,
  now: number,
): boolean {
  try {
    const cert = new X509Certificate(readFileSync(files.certFile));
    const key = createPrivateKey(readFileSync(files.keyFile));
    return (
      commonName(cert.subject) === name &&
      cert.checkIssued(ca) &&
      cert.verify(ca.publicKey) &&
      Date.parse(cert.validTo) > now + RENEW_BEFORE_MS &&
      cert.checkPrivateKey(key)
    );
  } catch {
    return false;
  }
}
