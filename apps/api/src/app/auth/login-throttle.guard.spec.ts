import { HttpException } from '@nestjs/common';
import { appConfig, authSettings } from '../../testing/factories';
import { FakeClock } from '../../testing/fake-clock';
import { AppConfigService } from '../config/app-config.service';
import { LoginThrottleGuard } from './login-throttle.guard';
import { RateLimits } from './rate-limits';
import { httpContext } from './testing/http-context';

class LoginController {
  login(): string {
    return 'login';
  }
}

function setup(perMinute = 3) {
  const clock = new FakeClock();
  const config = new AppConfigService(
    appConfig({ auth: authSettings({ loginRateLimitPerMinute: perMinute }) }),
  );
  const guard = new LoginThrottleGuard(new RateLimits(config, clock));
  const attempt = (username: unknown) => {
    const call = httpContext({
      method: 'POST',
      controller: LoginController,
      handler: 'login',
      body: { username, password: 'x' },
    });
    try {
      guard.canActivate(call.context);
      return { status: 'allowed' as const, res: call.res };
    } catch (error) {
      return { status: (error as HttpException).getStatus(), res: call.res };
    }
  };
  return { clock, attempt };
}

describe(LoginThrottleGuard.name, () => {
  it('allows the configured attempts per minute, then answers 429 with Retry-After', () => {
    const { attempt } = setup(3);

    expect([1, 2, 3].map(() => attempt('ada').status)).toEqual([
      'allowed',
      'allowed',
      'allowed',
    ]);
    const refused = attempt('ada');
    expect(refused.status).toBe(429);
    expect(refused.res.headers['retry-after']).toBe('20');
  });

  it('counts per username (in any case) and client address, so one locked name leaves others alone', () => {
    const { attempt } = setup(1);

    expect(attempt('ada').status).toBe('allowed');
    expect(attempt(' ADA ').status).toBe(429);
    expect(attempt('bob').status).toBe('allowed');
  });

  it('counts malformed bodies under one empty name', () => {
    const { attempt } = setup(1);

    expect(attempt(42).status).toBe('allowed');
    expect(attempt(undefined).status).toBe(429);
  });

  it('lets the user try again once a token has come back', () => {
    const { attempt, clock } = setup(1);
    attempt('ada');

    clock.advance(60_000);

    expect(attempt('ada').status).toBe('allowed');
  });
});
