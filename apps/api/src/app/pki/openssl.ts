import { execFileSync } from 'node:child_process';

export const OPENSSL_TIMEOUT_MS = 10_000;

export class PkiError extends Error {}

/** The `openssl` CLI: Node reads and verifies X.509 certificates but cannot create them. */
export class Openssl {
  constructor(private readonly binary = 'openssl') {}

  run(args: readonly string[]): void {
    try {
      execFileSync(this.binary, args, {
        stdio: ['ignore', 'ignore', 'pipe'],
        timeout: OPENSSL_TIMEOUT_MS,
      });
    } catch (error) {
      const stderr = String((error as { stderr?: Buffer }).stderr ?? '');
      const reason = stderr.trim().split('\n')[0] || (error as Error).message;
      throw new PkiError(`openssl ${args[0]} failed: ${reason}`);
    }
  }
}
