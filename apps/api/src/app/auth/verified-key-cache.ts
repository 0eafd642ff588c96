import { createHash, timingSafeEqual } from 'node:crypto';

interface Entry {
  storedHash: string;
  digest: Buffer;
}

/**
 * API keys already checked with scrypt, as SHA-256 digests (a 256-bit random secret cannot be recovered from
 * one). Bounded; an entry only counts while the stored hash it was checked against is unchanged.
 */
export class VerifiedKeyCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxEntries: number) {}

  /** true or false when known, undefined when scrypt must decide. */
  check(id: string, storedHash: string, secret: string): boolean | undefined {
    const entry = this.entries.get(id);
    if (!entry || entry.storedHash !== storedHash) return undefined;
    return timingSafeEqual(entry.digest, sha256(secret));
  }

  remember(id: string, storedHash: string, secret: string): void {
    this.entries.delete(id);
    this.entries.set(id, { storedHash, digest: sha256(secret) });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
  }

  forget(id: string): void {
    this.entries.delete(id);
  }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
