import {
  randomBytes,
  scrypt,
  ScryptOptions,
  timingSafeEqual,
} from 'node:crypto';

/**
 * scrypt (memory-hard) with a random salt per secret; the parameters travel in the stored string
 * (`scrypt$N$r$p$salt$hash`), so raising the cost later keeps old hashes verifiable.
 * Passwords get N=2^16 (64 MiB, ~0.2 s here); API keys carry 256 random bits, so a lower cost loses nothing.
 */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

export const PASSWORD_COST: ScryptCost = { N: 2 ** 16, r: 8, p: 1 };
export const API_KEY_COST: ScryptCost = { N: 2 ** 14, r: 8, p: 1 };

const KEY_LENGTH = 32;
const MAX_MEMORY = 256 * 2 ** 20;
const SALT_LENGTH = 16;
const STORED =
  /^scrypt\$(\d{1,8})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9_-]{16,64})\$([A-Za-z0-9_-]{40,64})$/;

export async function hashSecret(
  secret: string,
  cost: ScryptCost = PASSWORD_COST,
): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const hash = await derive(secret, salt, cost);
  return [
    'scrypt',
    cost.N,
    cost.r,
    cost.p,
    salt.toString('base64url'),
    hash.toString('base64url'),
  ].join('$');
}

/** False for a wrong secret and for a stored string that is not one of ours. */
export async function verifySecret(
  secret: string,
  stored: string,
): Promise<boolean> {
  const match = STORED.exec(stored);
  if (!match) return false;
  const cost = {
    N: Number(match[1]),
    r: Number(match[2]),
    p: Number(match[3]),
  };
  if (!isSaneCost(cost)) return false;
  const expected = Buffer.from(match[5], 'base64url');
  const actual = await derive(secret, Buffer.from(match[4], 'base64url'), cost);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function isSaneCost({ N, r, p }: ScryptCost): boolean {
  const powerOfTwo = N > 1 && (N & (N - 1)) === 0;
  const memory = 128 * N * r * p;
  return powerOfTwo && r >= 1 && p >= 1 && memory <= MAX_MEMORY;
}

function derive(
  secret: string,
  salt: Buffer,
  { N, r, p }: ScryptCost,
): Promise<Buffer> {
  const options: ScryptOptions = { N, r, p, maxmem: 128 * N * r * p + 2 ** 20 };
  return new Promise((resolve, reject) =>
    scrypt(secret.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}
