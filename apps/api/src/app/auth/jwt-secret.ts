import { randomBytes } from 'node:crypto';
import type { Logger } from '@nestjs/common';
import type { MetaRepository } from '../database/meta.repository';

export const META_JWT_SECRET = 'jwt-secret';

/**
 * JWT_SECRET when set; otherwise a random secret made on the first start and kept in the `meta` table, so
 * tokens survive a restart and every API instance on the same database signs alike.
 */
export async function resolveJwtSecret(
  configured: string | null,
  meta: Pick<MetaRepository, 'get' | 'setIfAbsent'>,
  logger: Pick<Logger, 'log'>,
): Promise<string> {
  if (configured) return configured;
  const kept = await meta.get(META_JWT_SECRET);
  if (kept) return kept;
  await meta.setIfAbsent(
    META_JWT_SECRET,
    randomBytes(48).toString('base64url'),
  );
  logger.log(
    'JWT_SECRET unset: generated a signing secret and kept it in the database',
  );
  // Read back: with two instances starting at once, only the first write counts and both sign with it.
  const written = await meta.get(META_JWT_SECRET);
  if (!written) throw new Error('could not keep the JWT signing secret');
  return written;
}
