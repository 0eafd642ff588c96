import {
  ForbiddenException,
  HttpException,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Principal, Role } from '@fleet/shared/contracts';
import { authSettings, appConfig } from '../../testing/factories';
import { FakeClock } from '../../testing/fake-clock';
import { AuditTrail } from '../audit/audit-trail';
import { InMemoryAuditRepository } from '../audit/testing/in-memory-audit';
import { AppConfigService } from '../config/app-config.service';
import { AuthGuard, defaultRoleFor } from './auth.guard';
import {
  AUTH_REQUIRED,
  Authenticator,
  INVALID_TOKEN,
  TOKEN_EXPIRED,
} from './authenticator';
import { Public, Roles } from './decorators';
import { RateLimits } from './rate-limits';
import { flush, httpContext } from './testing/http-context';
import { principal } from './testing/in-memory-auth';

class ThingsController {
  read(): string {
    return 'read';
  }
  write(): string {
    return 'write';
  }
  @Roles('admin') manage(): string {
    return 'manage';
  }
  @Roles('operator') readAudit(): string {
    return 'readAudit';
  }
  @Public() open(): string {
    return 'open';
  }
}

@Roles('admin')
class AdminController {
  list(): string {
    return 'list';
  }
  @Roles('viewer') peek(): string {
    return 'peek';
  }
}

/** Tokens `t-<role>` authenticate as that role; `expired` and `forged` fail as such. */
class FakeAuthenticator {
  async authenticate(credential: string | null) {
    if (!credential) throw new UnauthorizedException(AUTH_REQUIRED);
    if (credential === 'expired')
      throw new UnauthorizedException(TOKEN_EXPIRED);
    const role = /^t-(viewer|operator|admin)$/.exec(credential)?.[1] as
      | Role
      | undefined;
    if (!role) throw new UnauthorizedException(INVALID_TOKEN);
    return { principal: principal(role), expiresAt: null };
  }
}

function setup(writeLimit = 600) {
  const clock = new FakeClock();
  const audit = new InMemoryAuditRepository();
  const config = new AppConfigService(
    appConfig({ auth: authSettings({ writeRateLimitPerMinute: writeLimit }) }),
  );
  const guard = new AuthGuard(
    new Reflector(),
    new FakeAuthenticator() as unknown as Authenticator,
    new RateLimits(config, clock),
    new AuditTrail(audit, clock),
  );
  return { guard, audit, clock };
}

const bearer = (role: Role) => ({ authorization: `Bearer t-${role}` });

async function outcome(
  guard: AuthGuard,
  call: Parameters<typeof httpContext>[0],
): Promise<'allowed' | number> {
  try {
    await guard.canActivate(httpContext(call).context);
    return 'allowed';
  } catch (error) {
    if (error instanceof HttpException) return error.getStatus();
    throw error;
  }
}

describe(AuthGuard.name, () => {
  describe('role matrix', () => {
    const handlers = {
      'read (default)': [ThingsController, 'read'],
      'write (default)': [ThingsController, 'write'],
      "@Roles('admin')": [ThingsController, 'manage'],
      "@Roles('operator')": [ThingsController, 'readAudit'],
      'admin controller': [AdminController, 'list'],
      "@Roles('viewer') in an admin controller": [AdminController, 'peek'],
    } as const;
    it.each([
      ['viewer', 'GET', 'read (default)', 'allowed'],
      ['viewer', 'HEAD', 'read (default)', 'allowed'],
      ['viewer', 'POST', 'write (default)', 403],
      ['viewer', 'PUT', 'write (default)', 403],
      ['viewer', 'PATCH', 'write (default)', 403],
      ['viewer', 'DELETE', 'write (default)', 403],
      ['viewer', 'GET', "@Roles('admin')", 403],
      ['viewer', 'GET', "@Roles('operator')", 403],
      ['viewer', 'GET', 'admin controller', 403],
      ['viewer', 'GET', "@Roles('viewer') in an admin controller", 'allowed'],
      ['operator', 'GET', 'read (default)', 'allowed'],
      ['operator', 'POST', 'write (default)', 'allowed'],
      ['operator', 'PUT', 'write (default)', 'allowed'],
      ['operator', 'PATCH', 'write (default)', 'allowed'],
      ['operator', 'DELETE', 'write (default)', 'allowed'],
      ['operator', 'GET', "@Roles('operator')", 'allowed'],
      ['operator', 'GET', "@Roles('admin')", 403],
      ['operator', 'POST', 'admin controller', 403],
      ['admin', 'GET', 'read (default)', 'allowed'],
      ['admin', 'DELETE', 'write (default)', 'allowed'],
      ['admin', 'POST', "@Roles('admin')", 'allowed'],
      ['admin', 'GET', 'admin controller', 'allowed'],
    ] as const)('%s %s on %s -> %s', async (role, method, name, expected) => {
      const { guard } = setup();
      const [controller, handler] = handlers[name];

      expect(
        await outcome(guard, {
          method,
          controller,
          handler,
          headers: bearer(role),
        }),
      ).toBe(expected);
    });
  });

  it('defaults GET and HEAD to viewer and every other method to operator', () => {
    expect(['GET', 'HEAD', 'get'].map(defaultRoleFor)).toEqual([
      'viewer',
      'viewer',
      'viewer',
    ]);
    expect(['POST', 'PUT', 'PATCH', 'DELETE'].map(defaultRoleFor)).toEqual([
      'operator',
      'operator',
      'operator',
      'operator',
    ]);
  });

  it('names the role needed in a 403', async () => {
    const { guard } = setup();
    const { context } = httpContext({
      method: 'POST',
      controller: ThingsController,
      handler: 'write',
      headers: bearer('viewer'),
    });

    await expect(guard.canActivate(context)).rejects.toThrow(
      new ForbiddenException(
        'This needs the operator role; viewer-user is viewer',
      ),
    );
  });

  it('puts the caller on the request', async () => {
    const { guard } = setup();
    const { context, req } = httpContext({
      controller: ThingsController,
      handler: 'read',
      headers: bearer('operator'),
    });

    await guard.canActivate(context);

    expect(req.user).toEqual<Principal>({
      username: 'operator-user',
      role: 'operator',
      via: 'jwt',
    });
  });

  it.each([
    ['no credentials', AUTH_REQUIRED, {}],
    ['an expired token', TOKEN_EXPIRED, { authorization: 'Bearer expired' }],
    ['a bad token', INVALID_TOKEN, { authorization: 'Bearer forged' }],
    ['a bad API key header', INVALID_TOKEN, { 'x-api-key': 'fk_nope' }],
  ])(
    'answers %s with 401 "%s" and a WWW-Authenticate header',
    async (_name, message, headers) => {
      const { guard } = setup();
      const { context, res } = httpContext({
        controller: ThingsController,
        handler: 'read',
        headers,
      });

      await expect(guard.canActivate(context)).rejects.toThrow(
        new UnauthorizedException(message),
      );
      expect(res.headers['www-authenticate']).toBe('Bearer');
    },
  );

  it('lets anyone through a @Public() route, without looking at credentials', async () => {
    const { guard } = setup();

    expect(
      await outcome(guard, {
        method: 'POST',
        controller: ThingsController,
        handler: 'open',
      }),
    ).toBe('allowed');
    expect(
      await outcome(guard, {
        method: 'POST',
        controller: ThingsController,
        handler: 'open',
        headers: { authorization: 'Bearer forged' },
      }),
    ).toBe('allowed');
  });

  it.each(['rpc', 'ws'] as const)(
    'leaves %s handlers alone (MQTT handlers; sockets are checked on connect)',
    async (type) => {
      const { guard } = setup();

      expect(
        await outcome(guard, {
          type,
          controller: AdminController,
          handler: 'list',
        }),
      ).toBe('allowed');
    },
  );

  it('limits writes per caller with 429 and Retry-After, and leaves reads alone', async () => {
    const { guard, clock } = setup(2);
    const write = () =>
      httpContext({
        method: 'POST',
        controller: ThingsController,
        handler: 'write',
        headers: bearer('operator'),
      });

    await guard.canActivate(write().context);
    await guard.canActivate(write().context);
    const third = write();
    await expect(guard.canActivate(third.context)).rejects.toMatchObject({
      status: 429,
    });
    expect(third.res.headers['retry-after']).toBe('30');
    expect(
      await outcome(guard, {
        controller: ThingsController,
        handler: 'read',
        headers: bearer('operator'),
      }),
    ).toBe('allowed');
    expect(
      await outcome(guard, {
        method: 'POST',
        controller: ThingsController,
        handler: 'write',
        headers: bearer('admin'),
      }),
    ).toBe('allowed');

    clock.advance(30_000);
    expect(
      await outcome(guard, {
        method: 'POST',
        controller: ThingsController,
        handler: 'write',
        headers: bearer('operator'),
      }),
    ).toBe('allowed');
  });

  it('puts refused writes on the audit trail with their status, and not refused reads', async () => {
    const { guard, audit } = setup();
    const write = httpContext({
      method: 'DELETE',
      path: '/api/cars/c1',
      route: '/api/cars/:id',
      params: { id: 'c1' },
      controller: ThingsController,
      handler: 'write',
      headers: bearer('viewer'),
    });
    const read = httpContext({ controller: ThingsController, handler: 'read' });

    await expect(guard.canActivate(write.context)).rejects.toThrow(
      ForbiddenException,
    );
    await expect(guard.canActivate(read.context)).rejects.toThrow(
      UnauthorizedException,
    );
    write.res.finish(403);
    read.res.finish(401);
    await flush();

    expect(audit.rows).toEqual([
      expect.objectContaining({
        actor: 'viewer-user',
        role: 'viewer',
        action: 'DELETE /api/cars/:id',
        targetId: 'c1',
        statusCode: 403,
      }),
    ]);
  });

  it('puts allowed writes on the audit trail with the object they answered with, and no reads or MQTT calls', async () => {
    const { guard, audit } = setup();
    const write = httpContext({
      method: 'POST',
      path: '/api/things',
      controller: ThingsController,
      handler: 'write',
      headers: bearer('operator'),
    });
    const read = httpContext({
      controller: ThingsController,
      handler: 'read',
      headers: bearer('operator'),
    });
    const rpc = httpContext({
      method: 'POST',
      controller: ThingsController,
      handler: 'write',
      type: 'rpc',
    });

    for (const call of [write, read, rpc])
      await expect(guard.canActivate(call.context)).resolves.toBe(true);
    for (const call of [write, read, rpc]) {
      call.res.statusCode = 201;
      call.res.json({ id: 'thing-7' });
      call.res.finish(201);
    }
    await flush();

    expect(audit.rows).toEqual([
      expect.objectContaining({
        actor: 'operator-user',
        action: 'POST /api/things',
        targetId: 'thing-7',
        statusCode: 201,
      }),
    ]);
  });
});
