import { hashSecret, verifySecret } from './password-hash';
import type { SecretOrigin } from './password-hash';

/**
 * The embedded broker's passwords, by username, kept only as scrypt hashes. A secret set again (an agent
 * respawned) replaces the old one at once; hashing finishes in the background and `verify` waits for it.
 */
export class MqttCredentialStore {
  private readonly hashes = new Map<string, Promise<string | null>>();

  set(username: string, secret: string, origin: SecretOrigin = 'chosen'): void {
    this.hashes.set(
      username,
      hashSecret(secret, origin).catch(() => null),
    );
  }

  remove(username: string): void {
    this.hashes.delete(username);
  }

  has(username: string): boolean {
    return this.hashes.has(username);
  }

  async verify(
    username: string,
    password: Buffer | undefined,
  ): Promise<boolean> {
    const pending = this.hashes.get(username);
    if (!pending || !password || password.length === 0) return false;
    const stored = await pending;
    if (stored === null) return false;
    try {
      return await verifySecret(password.toString('utf8'), stored);
    } catch {
      return false;
    }
  }
}
