import { createHmac } from 'node:crypto';
import { JWT_ISSUER, JwtClaims, signJwt, verifyJwt } from './jwt';

const SECRET = 'a-test-secret-of-at-least-32-characters';
const NOW = 1_800_000_000;

function claims(overrides: Partial<JwtClaims> = {}): JwtClaims {
  return {
    sub: 'ada',
    role: 'operator',
    ver: 1,
    iat: NOW - 10,
    exp: NOW + 3600,
    jti: 'jti-1',
    iss: JWT_ISSUER,
    ...overrides,
  };
}

const b64 = (value: unknown) =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

/** Builds a token by hand, signed with `secret` (or unsigned). */
function handMade(
  header: unknown,
  payload: unknown,
  secret: string | null = SECRET,
): string {
  const unsigned = `${b64(header)}.${b64(payload)}`;
  const signature =
    secret === null
      ? ''
      : createHmac('sha256', secret).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
}

describe(verifyJwt.name, () => {
  it('accepts a token it signed and returns its claims', () => {
    const token = signJwt(claims(), SECRET);

    expect(token.split('.')).toHaveLength(3);
    expect(verifyJwt(token, SECRET, NOW)).toEqual({
      ok: true,
      claims: claims(),
    });
  });

  it('writes a standard HS256 header', () => {
    const [header] = signJwt(claims(), SECRET).split('.');

    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({
      alg: 'HS256',
      typ: 'JWT',
    });
  });

  it('reports an expired token as expired, at the second of expiry', () => {
    const token = signJwt(claims({ exp: NOW }), SECRET);

    expect(verifyJwt(token, SECRET, NOW)).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(verifyJwt(token, SECRET, NOW - 1).ok).toBe(true);
  });

  it('rejects a token signed with another secret', () => {
    const token = signJwt(claims(), 'another-secret-of-at-least-32-chars!');

    expect(verifyJwt(token, SECRET, NOW)).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('rejects a forged payload under a genuine signature', () => {
    const [header, , signature] = signJwt(claims(), SECRET).split('.');
    const forged = `${header}.${b64(claims({ role: 'admin' }))}.${signature}`;

    expect(verifyJwt(forged, SECRET, NOW).ok).toBe(false);
  });

  it('reports a forged expired token as invalid, not expired', () => {
    const forged = handMade(
      { alg: 'HS256', typ: 'JWT' },
      claims({ exp: NOW - 5 }),
      'wrong-secret-wrong-secret-wrong-secret',
    );

    expect(verifyJwt(forged, SECRET, NOW)).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it.each([
    ['alg none, unsigned', { alg: 'none', typ: 'JWT' }, null],
    ['alg none, signed anyway', { alg: 'none' }, SECRET],
    ['alg HS512', { alg: 'HS512' }, SECRET],
    ['alg RS256', { alg: 'RS256' }, SECRET],
    ['alg hs256 (wrong case)', { alg: 'hs256' }, SECRET],
    ['no alg', { typ: 'JWT' }, SECRET],
  ])('rejects %s', (_name, header, secret) => {
    expect(verifyJwt(handMade(header, claims(), secret), SECRET, NOW)).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it.each([
    ['an empty string', ''],
    ['two segments', 'a.b'],
    ['four segments', 'a.b.c.d'],
    ['padding characters', `${signJwt(claims(), SECRET)}=`],
    ['a header that is not JSON', 'bm90IGpzb24.e30.c2ln'],
    ['a truncated signature', signJwt(claims(), SECRET).slice(0, -4)],
  ])('rejects %s', (_name, token) => {
    expect(verifyJwt(token, SECRET, NOW)).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it.each([
    ['an unknown role', { role: 'root' }],
    ['another issuer', { iss: 'someone-else' }],
    ['a missing subject', { sub: undefined }],
    ['a fractional expiry', { exp: NOW + 0.5 }],
    ['an issue time in the future', { iat: NOW + 3600, exp: NOW + 7200 }],
  ])('rejects a genuinely signed token with %s', (_name, overrides) => {
    const token = handMade(
      { alg: 'HS256', typ: 'JWT' },
      { ...claims(), ...overrides },
    );

    expect(verifyJwt(token, SECRET, NOW).ok).toBe(false);
  });
});
