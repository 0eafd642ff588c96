import { UnauthorizedException } from '@nestjs/common';
import {
  AUTH_REQUIRED,
  Authenticator,
  credentialFromHeaders,
  INVALID_TOKEN,
  TOKEN_EXPIRED,
} from './authenticator';
import { JWT_ISSUER, signJwt } from './jwt';
import { authHarness } from './testing/auth-harness';
import { SIGNED_IN_RECHECK_MS } from './users.service';

const rejected = (message: string) => new UnauthorizedException(message);

describe(Authenticator.name, () => {
  it('refuses a missing credential with "Authentication required"', async () => {
    const { authenticator } = await authHarness();

    await expect(authenticator.authenticate(null)).rejects.toThrow(
      rejected(AUTH_REQUIRED),
    );
  });

  it('takes a token it issued, with the role from the database and the expiry', async () => {
    const { authenticator, tokens, addUser, userRows, clock } =
      await authHarness({ jwtTtlSeconds: 3600 });
    const ada = await addUser({ username: 'ada', role: 'operator' });
    const { accessToken } = tokens.issue(ada);

    expect(await authenticator.authenticate(accessToken)).toEqual({
      principal: { username: 'ada', role: 'operator', via: 'jwt' },
      expiresAt: clock.now().getTime() + 3_600_000,
    });

    // Written by another replica: counts once the row is re-read, within SIGNED_IN_RECHECK_MS.
    await userRows.save({ ...ada, role: 'viewer' });
    clock.advance(SIGNED_IN_RECHECK_MS);
    expect((await authenticator.authenticate(accessToken)).principal.role).toBe(
      'viewer',
    );
  });

  it('counts a demotion through this replica at once, another replica\'s within the recheck time', async () => {
    const { authenticator, tokens, addUser, userRows, users, clock } =
      await authHarness();
    const ada = await addUser({ username: 'ada', role: 'operator' });
    const { accessToken } = tokens.issue(ada);
    const roleNow = async () =>
      (await authenticator.authenticate(accessToken)).principal.role;
    expect(await roleNow()).toBe('operator');

    await users.update('ada', { role: 'viewer' });
    expect(await roleNow()).toBe('viewer');

    await userRows.save({ ...ada, role: 'admin' });
    clock.advance(SIGNED_IN_RECHECK_MS - 1);
    expect(await roleNow()).toBe('viewer');
    clock.advance(1);
    expect(await roleNow()).toBe('admin');
  });

  it('answers "Token expired" once the token has run out', async () => {
    const { authenticator, tokens, addUser, clock } = await authHarness({
      jwtTtlSeconds: 60,
    });
    const { accessToken } = tokens.issue(await addUser());

    clock.advance(60_000);

    await expect(authenticator.authenticate(accessToken)).rejects.toThrow(
      rejected(TOKEN_EXPIRED),
    );
  });

  it('answers "Invalid token" for a forged signature, garbage and alg none', async () => {
    const { authenticator, addUser, clock } = await authHarness();
    await addUser({ username: 'ada', role: 'viewer' });
    const iat = Math.floor(clock.now().getTime() / 1000);
    const claims = {
      sub: 'ada',
      role: 'admin' as const,
      ver: 1,
      iat,
      exp: iat + 600,
      jti: 'x',
      iss: JWT_ISSUER,
    };
    const forged = signJwt(claims, 'not-the-secret-not-the-secret-not-the');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;

    for (const credential of [forged, 'garbage', none])
      await expect(authenticator.authenticate(credential)).rejects.toThrow(
        rejected(INVALID_TOKEN),
      );
  });

  it('refuses the tokens of a deleted user and those issued before a new password', async () => {
    const { authenticator, tokens, addUser, users } = await authHarness();
    const ada = await addUser({ username: 'ada', role: 'operator' });
    const bob = await addUser({ username: 'bob', role: 'admin' });
    const adaToken = tokens.issue(ada).accessToken;
    const bobToken = tokens.issue(bob).accessToken;

    await users.remove('ada');
    await users.update('bob', { password: 'another-new-password' });

    await expect(authenticator.authenticate(adaToken)).rejects.toThrow(
      rejected(INVALID_TOKEN),
    );
    await expect(authenticator.authenticate(bobToken)).rejects.toThrow(
      rejected(INVALID_TOKEN),
    );
    const bobNow = await users.find('bob');
    if (!bobNow) throw new Error('bob is gone');
    const fresh = tokens.issue(bobNow).accessToken;
    expect((await authenticator.authenticate(fresh)).principal.username).toBe(
      'bob',
    );
  });

  it('takes an API key as `apikey:<name>` with its role, and never lets it expire', async () => {
    const { authenticator, apiKeys } = await authHarness();
    const { key, id } = await apiKeys.create(
      { name: 'nightly', role: 'operator' },
      'root',
    );

    expect(await authenticator.authenticate(key)).toEqual({
      principal: {
        username: 'apikey:nightly',
        role: 'operator',
        via: 'api-key',
        keyId: id,
      },
      expiresAt: null,
    });
  });

  it('answers "Invalid token" for an unknown, wrong or revoked API key', async () => {
    const { authenticator, apiKeys } = await authHarness();
    const { key, id } = await apiKeys.create(
      { name: 'nightly', role: 'admin' },
      'root',
    );
    const wrong = key.slice(0, -3) + (key.endsWith('AAA') ? 'BBB' : 'AAA');

    await expect(authenticator.authenticate(wrong)).rejects.toThrow(
      rejected(INVALID_TOKEN),
    );
    await expect(
      authenticator.authenticate(`fk_000000000000_${'A'.repeat(43)}`),
    ).rejects.toThrow(rejected(INVALID_TOKEN));
    await apiKeys.remove(id);
    await expect(authenticator.authenticate(key)).rejects.toThrow(
      rejected(INVALID_TOKEN),
    );
  });
});

describe(credentialFromHeaders.name, () => {
  it.each([
    [{ authorization: 'Bearer abc.def.ghi' }, 'abc.def.ghi'],
    [{ authorization: 'bearer  fk_1_2 ' }, 'fk_1_2'],
    [{ 'x-api-key': ' fk_1_2 ' }, 'fk_1_2'],
    [{ authorization: 'Bearer tok', 'x-api-key': 'fk_1_2' }, 'tok'],
    [{ authorization: 'Basic dXNlcjpwdw==' }, 'Basic dXNlcjpwdw=='],
    [{ authorization: '' }, null],
    [{}, null],
  ])('reads %j as %p', (headers, expected) => {
    expect(credentialFromHeaders(headers)).toBe(expected);
  });
});
