import { authHarness } from './testing/auth-harness';
import { TokenService, VERIFIED_TOKENS_KEPT } from './token.service';

const subject = {
  username: 'ada',
  role: 'operator' as const,
  sessionVersion: 1,
};

describe(TokenService.name, () => {
  it('takes a repeated token with its claims, and still sees it expire', async () => {
    const { tokens, clock } = await authHarness({ jwtTtlSeconds: 60 });
    const { accessToken } = tokens.issue(subject);

    const first = tokens.verify(accessToken);
    const again = tokens.verify(accessToken);
    expect(first).toMatchObject({
      ok: true,
      claims: { sub: 'ada', role: 'operator', ver: 1 },
    });
    expect(again).toEqual(first);

    clock.advance(59_000);
    expect(tokens.verify(accessToken).ok).toBe(true);
    clock.advance(1_000);
    expect(tokens.verify(accessToken)).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(tokens.verify(accessToken)).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('refuses a token that differs from a verified one in its signature or its claims', async () => {
    const { tokens } = await authHarness();
    const { accessToken } = tokens.issue(subject);
    expect(tokens.verify(accessToken).ok).toBe(true);
    const [header, payload, signature] = accessToken.split('.');
    // A middle character: every one of its bits is part of the signature (the last one's low bits are not).
    const flipped = `${signature.slice(0, 5)}${signature[5] === 'A' ? 'B' : 'A'}${signature.slice(6)}`;
    const admin = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload, 'base64url').toString()),
        role: 'admin',
      }),
    ).toString('base64url');

    expect(tokens.verify(`${header}.${payload}.${flipped}`)).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(tokens.verify(`${header}.${admin}.${signature}`)).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('keeps a bounded number of verified tokens and verifies a forgotten one again', async () => {
    const { tokens } = await authHarness();
    const issued = Array.from(
      { length: VERIFIED_TOKENS_KEPT + 5 },
      (_, i) => tokens.issue({ ...subject, username: `user-${i}` }).accessToken,
    );
    for (const token of issued) expect(tokens.verify(token).ok).toBe(true);

    expect(
      (tokens as unknown as { verified: Map<string, unknown> }).verified.size,
    ).toBe(VERIFIED_TOKENS_KEPT);
    expect(tokens.verify(issued[0])).toMatchObject({
      ok: true,
      claims: { sub: 'user-0' },
    });
  });
});
