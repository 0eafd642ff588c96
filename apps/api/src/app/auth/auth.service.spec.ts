import { UnauthorizedException } from '@nestjs/common';
import { AuthService, LOGIN_FAILED } from './auth.service';
import { authHarness } from './testing/auth-harness';

describe(AuthService.name, () => {
  it('logs a user in: a token that authenticates, its expiry and the user', async () => {
    const { auth, addUser, authenticator, clock } = await authHarness({
      jwtTtlSeconds: 8 * 3600,
    });
    await addUser({
      username: 'ada',
      role: 'operator',
      password: 'pw-pw-pw-pw-1',
    });

    const answer = await auth.login({
      username: 'ada',
      password: 'pw-pw-pw-pw-1',
    });

    expect(answer).toEqual({
      accessToken: expect.any(String),
      expiresAt: new Date(clock.now().getTime() + 8 * 3_600_000).toISOString(),
      user: { username: 'ada', role: 'operator' },
    });
    expect(
      (await authenticator.authenticate(answer.accessToken)).principal,
    ).toEqual({ username: 'ada', role: 'operator', via: 'jwt' });
  });

  it('refuses a wrong password and an unknown user alike', async () => {
    const { auth, addUser } = await authHarness();
    await addUser({ username: 'ada', password: 'pw-pw-pw-pw-1' });

    for (const dto of [
      { username: 'ada', password: 'wrong-wrong' },
      { username: 'eve', password: 'pw-pw-pw-pw-1' },
    ])
      await expect(auth.login(dto)).rejects.toThrow(
        new UnauthorizedException(LOGIN_FAILED),
      );
  });

  it('answers Symphony’s users/auth in Symphony’s shape with the same kind of token', async () => {
    const { auth, addUser, authenticator } = await authHarness();
    await addUser({
      username: 'ada',
      role: 'admin',
      password: 'pw-pw-pw-pw-1',
    });

    const answer = await auth.symphonyLogin({
      username: 'ada',
      password: 'pw-pw-pw-pw-1',
    });

    expect(answer).toEqual({
      accessToken: expect.any(String),
      tokenType: 'Bearer',
      username: 'ada',
      roles: ['admin'],
    });
    expect(
      (await authenticator.authenticate(answer.accessToken)).principal.role,
    ).toBe('admin');
    await expect(
      auth.symphonyLogin({ username: 'ada', password: 'nope-nope' }),
    ).rejects.toThrow(new UnauthorizedException('login failed'));
  });
});
