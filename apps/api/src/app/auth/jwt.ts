import { createHmac, timingSafeEqual } from 'node:crypto';
import { isRole } from '@fleet/shared/contracts';
import type { Role } from '@fleet/shared/contracts';

/** The claims of our access tokens. `ver` is the user's session version: a new password ends older tokens. */
export interface JwtClaims {
  sub: string;
  role: Role;
  ver: number;
  /** Seconds since the epoch. */
  iat: number;
  exp: number;
  jti: string;
  iss: string;
}

export type JwtVerdict =
  | { ok: true; claims: JwtClaims }
  | { ok: false; reason: 'expired' | 'invalid' };

export const JWT_ISSUER = 'fleet-ota-api';
const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
const SEGMENT = /^[A-Za-z0-9_-]+$/;
/** Tokens from the future (beyond clock skew) are forged or from a broken clock. */
const MAX_SKEW_SECONDS = 60;

export function signJwt(claims: JwtClaims, secret: string): string {
  const unsigned = `${HEADER}.${base64url(JSON.stringify(claims))}`;
  return `${unsigned}.${hmac(unsigned, secret).toString('base64url')}`;
}

/**
 * Accepts only HS256 tokens signed with `secret` (so `alg: none` and every other algorithm fail), checks the
 * signature in constant time before reading the claims, then the expiry against `nowSeconds`.
 */
export function verifyJwt(
  token: string,
  secret: string,
  nowSeconds: number,
): JwtVerdict {
  const invalid = { ok: false, reason: 'invalid' } as const;
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => SEGMENT.test(p)))
    return invalid;
  const [header, payload, signature] = parts;
  const alg = parseJson(header)?.['alg'];
  if (alg !== 'HS256') return invalid;
  const expected = hmac(`${header}.${payload}`, secret);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return invalid;
  const claims = parseJson(payload);
  if (!isClaims(claims) || claims.iat > nowSeconds + MAX_SKEW_SECONDS)
    return invalid;
  if (claims.exp <= nowSeconds) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

function hmac(data: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(data).digest();
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

function parseJson(segment: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(
      Buffer.from(segment, 'base64url').toString('utf8'),
    );
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function isClaims(
  value: Record<string, unknown> | null,
): value is JwtClaims & Record<string, unknown> {
  return (
    value !== null &&
    typeof value['sub'] === 'string' &&
    isRole(value['role']) &&
    Number.isInteger(value['ver']) &&
    Number.isInteger(value['iat']) &&
    Number.isInteger(value['exp']) &&
    typeof value['jti'] === 'string' &&
    value['iss'] === JWT_ISSUER
  );
}
