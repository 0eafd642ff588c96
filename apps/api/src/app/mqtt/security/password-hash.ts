import {
  createHash,
  randomBytes,
  scrypt,
  ScryptOptions,
  timingSafeEqual,
} from 'node:crypto';

const KEY_LENGTH = 32;
const SALT_BYTES = 16;
const COST: ScryptOptions = { N: 16_384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

function derive(
  secret: string,
  salt: Buffer,
  cost: ScryptOptions,
): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, KEY_LENGTH, cost, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** A fresh secret for one MQTT identity: 256 random bits, URL-safe text. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Who made a secret: `generated` ones come from `newSecret` (256 random bits, so a slow hash adds nothing but
 * cost: 10,000 cars connecting at once spent minutes in scrypt, two hashes per car, and timed out); `chosen`
 * ones (MQTT_PASSWORD) may be guessable and get scrypt.
 */
export type SecretOrigin = 'generated' | 'chosen';

/**
 * The only forms in which the broker keeps a secret: `scrypt$N$r$p$salt$hash` for a chosen secret,
 * `sha256$salt$hash` (SHA-256 of salt and secret) for a generated one; base64.
 */
export async function hashSecret(
  secret: string,
  origin: SecretOrigin = 'chosen',
): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  if (origin === 'generated')
    return [
      'sha256',
      salt.toString('base64'),
      sha256(salt, secret).toString('base64'),
    ].join('$');
  const key = await derive(secret, salt, COST);
  return [
    'scrypt',
    COST.N,
    COST.r,
    COST.p,
    salt.toString('base64'),
    key.toString('base64'),
  ].join('$');
}

export async function verifySecret(
  secret: string,
  stored: string,
): Promise<boolean> {
  if (stored.startsWith('sha256$')) {
    const [, salt, hash] = stored.split('$');
    if (!salt || !hash) return false;
    const expected = Buffer.from(hash, 'base64');
    const actual = sha256(Buffer.from(salt, 'base64'), secret);
    return (
      actual.length === expected.length && timingSafeEqual(actual, expected)
    );
  }
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const cost = { ...COST, N: Number(n), r: Number(r), p: Number(p) };
  const actual = await derive(secret, Buffer.from(salt, 'base64'), cost);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function sha256(salt: Buffer, secret: string): Buffer {
  return createHash('sha256').update(salt).update(secret, 'utf8').digest();
}
