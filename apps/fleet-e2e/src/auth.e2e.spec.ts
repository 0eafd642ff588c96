import { createHmac, randomUUID } from 'node:crypto';
import type {
  ApiKeyView,
  AuditEntry,
  CarView,
  CreatedApiKey,
  Page,
  Principal,
  Role,
  SymphonyAuthResponse,
} from '@fleet/shared/contracts';
import { REALTIME_PATH } from '@fleet/shared/contracts';
import { io } from 'socket.io-client';
import {
  ApiProcess,
  Credentials,
  TestServices,
  agentProcesses,
  testServices,
  waitFor,
} from '@fleet/e2e/support';

// Small, so the bucket cannot refill while a loaded machine runs the tries (it refills one try per 60/limit s).
const LOGIN_LIMIT = 4;

const JWT_SECRET = 'e2e-jwt-secret-e2e-jwt-secret-e2e-jwt-secret';
const PASSWORD = 'e2e-password-of-a-user';

/** An HS256 token as the API makes them, signed with `secret`: to forge expired, foreign and unsigned ones. */
function handMadeToken(
  claims: Record<string, unknown>,
  secret: string | null,
  alg = 'HS256',
): string {
  const b64 = (v: unknown) =>
    Buffer.from(JSON.stringify(v)).toString('base64url');
  const unsigned = `${b64({ alg, typ: 'JWT' })}.${b64(claims)}`;
  return `${unsigned}.${secret === null ? '' : createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

function claimsFor(
  username: string,
  role: Role,
  expiresInSeconds: number,
): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: username,
    role,
    ver: 1,
    iat: now - 60,
    exp: now + expiresInSeconds,
    jti: randomUUID(),
    iss: 'fleet-ota-api',
  };
}

type SocketOutcome =
  | { connected: true; summary: unknown }
  | { connected: false; message: string; data: unknown };

/** Connects a socket.io client with `token` (or none) and reports whether the server let it in. */
async function trySocket(
  api: ApiProcess,
  token: string | undefined,
): Promise<SocketOutcome> {
  const socket = io(api.baseUrl, {
    path: REALTIME_PATH,
    transports: ['websocket'],
    reconnection: false,
    ...(token === undefined ? {} : { auth: { token } }),
  });
  try {
    return await new Promise<SocketOutcome>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('no answer from the socket within 10 s')),
        10_000,
      );
      socket.once('fleet.summary', (summary: unknown) => {
        clearTimeout(timer);
        resolve({ connected: true, summary });
      });
      socket.once('connect_error', (error: Error & { data?: unknown }) => {
        clearTimeout(timer);
        resolve({ connected: false, message: error.message, data: error.data });
      });
    });
  } finally {
    socket.close();
  }
}

describe('auth: roles, tokens, API keys, sockets and the audit trail on the real API process', () => {
  let services: TestServices;
  let api: ApiProcess;
  const tokens: Record<Role, string> = { viewer: '', operator: '', admin: '' };
  const user = (role: Role): Credentials => ({
    username: `e2e-${role}-${services.runId}`,
    password: PASSWORD,
  });
  const carName = () => `auth-${services.runId}`;

  beforeAll(async () => {
    services = await testServices();
    api = new ApiProcess({
      mqttUrl: services.mqttUrl,
      databaseUrl: services.databaseUrl,
      extraEnv: { JWT_SECRET, LOGIN_RATE_LIMIT: String(LOGIN_LIMIT) },
    });
    await api.start('auth');
    tokens.admin = api.token;
    for (const role of ['viewer', 'operator'] as const) {
      const created = await api.request('POST', '/api/users', {
        ...user(role),
        role,
      });
      expect(created.status).toBe(201);
      tokens[role] = (await api.login(user(role))).accessToken;
    }
  }, 60_000);

  afterAll(async () => {
    await api?.stopWithAgents();
    await services?.dispose();
  }, 60_000);

  describe('each role against each kind of endpoint', () => {
    // Every row has all five columns: jest-each would take a missing one for a `done` callback.
    it.each([
      ['viewer', 'GET', '/api/cars', 200, undefined],
      ['viewer', 'GET', '/api/auth/me', 200, undefined],
      ['viewer', 'POST', '/api/cars', 403, 'car'],
      ['viewer', 'GET', '/api/audit', 403, undefined],
      ['viewer', 'GET', '/api/users', 403, undefined],
      ['viewer', 'GET', '/api/api-keys', 403, undefined],
      ['operator', 'POST', '/api/cars', 201, 'car'],
      ['operator', 'GET', '/api/cars', 200, undefined],
      ['operator', 'GET', '/api/audit', 200, undefined],
      ['operator', 'GET', '/api/users', 403, undefined],
      ['operator', 'POST', '/api/users', 403, 'user'],
      ['operator', 'POST', '/api/api-keys', 403, 'key'],
      ['viewer', 'DELETE', '/api/cars/:car', 403, undefined],
      ['operator', 'DELETE', '/api/cars/:car', 204, undefined],
      ['admin', 'GET', '/api/users', 200, undefined],
      ['admin', 'GET', '/api/api-keys', 200, undefined],
      ['admin', 'GET', '/api/audit', 200, undefined],
      ['admin', 'GET', '/api/cars', 200, undefined],
    ] as const)(
      '%s %s %s -> %d',
      async (role, method, path, expected, body) => {
        const bodies = {
          car: { region: 'munich', name: carName() },
          user: {
            username: `e2e-new-${services.runId}`,
            password: PASSWORD,
            role: 'viewer',
          },
          key: { name: `e2e-key-${services.runId}`, role: 'viewer' },
        };
        const res = await api.request(
          method,
          path.replace(':car', carName()),
          body && bodies[body],
          { token: tokens[role] },
        );

        expect(res.status).toBe(expected);
        if (expected === 403)
          expect(JSON.stringify(res.body)).toMatch(
            /needs the (operator|admin) role/,
          );
      },
    );

    it('leaves no agent of the car the operator created and deleted', async () => {
      expect(
        (await api.request<CarView>('GET', `/api/cars/${carName()}`)).status,
      ).toBe(404);
      await waitFor(
        'the agent of the deleted car to exit',
        () => !agentProcesses(api.dataDir).some((p) => p.name === carName()),
        10_000,
      );
    });

    it('tells the caller who it is', async () => {
      const me = await api.request<Principal>(
        'GET',
        '/api/auth/me',
        undefined,
        { token: tokens.operator },
      );

      expect(me.body).toEqual({
        username: user('operator').username,
        role: 'operator',
        via: 'jwt',
      });
    });
  });

  describe('tokens', () => {
    it.each([
      ['no token', 'Authentication required', null],
      [
        'an expired token',
        'Token expired',
        handMadeToken(claimsFor('e2e-admin', 'admin', -10), JWT_SECRET),
      ],
      [
        'a token signed with another secret',
        'Invalid token',
        handMadeToken(
          claimsFor('e2e-admin', 'admin', 600),
          'not-the-secret-not-the-secret-not-the-secret',
        ),
      ],
      [
        'an unsigned alg-none token',
        'Invalid token',
        handMadeToken(claimsFor('e2e-admin', 'admin', 600), null, 'none'),
      ],
      ['garbage', 'Invalid token', 'not-a-token'],
      [
        'an unknown API key',
        'Invalid token',
        `fk_000000000000_${'A'.repeat(43)}`,
      ],
    ])('answers %s with 401 "%s"', async (_name, message, token) => {
      const res = await api.request<{
        statusCode: number;
        message: string;
        correlationId: string;
      }>('GET', '/api/cars', undefined, { token });

      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({
        statusCode: 401,
        message,
        correlationId: expect.any(String),
      });
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
    });

    it('accepts a token for a known user signed with the real secret (the forgery above was only the key)', async () => {
      const genuine = handMadeToken(
        claimsFor(user('viewer').username, 'viewer', 600),
        JWT_SECRET,
      );

      expect(
        (await api.request('GET', '/api/cars', undefined, { token: genuine }))
          .status,
      ).toBe(200);
    });

    it('answers a wrong password with 401, and too many tries with 429 and Retry-After', async () => {
      const target = {
        username: `e2e-locked-${services.runId}`,
        password: 'wrong-password',
      };
      const statuses: number[] = [];
      for (let i = 0; i <= LOGIN_LIMIT; i++)
        statuses.push(
          (
            await api.request('POST', '/api/auth/login', target, {
              token: null,
            })
          ).status,
        );

      expect(statuses).toEqual([...Array(LOGIN_LIMIT).fill(401), 429]);
      const limited = await api.request('POST', '/api/auth/login', target, {
        token: null,
      });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(
        (
          await api.request('POST', '/api/auth/login', api.admin, {
            token: null,
          })
        ).status,
      ).toBe(200);
    });
  });

  describe('users', () => {
    it('demotes at once and ends the sessions of a user whose password changed or who was deleted', async () => {
      const name = `e2e-temp-${services.runId}`;
      expect(
        (
          await api.request('POST', '/api/users', {
            username: name,
            password: PASSWORD,
            role: 'operator',
          })
        ).status,
      ).toBe(201);
      const first = (await api.login({ username: name, password: PASSWORD }))
        .accessToken;

      expect(
        (await api.request('PATCH', `/api/users/${name}`, { role: 'viewer' }))
          .status,
      ).toBe(200);
      expect(
        (
          await api.request(
            'POST',
            '/api/cars',
            { region: 'munich' },
            { token: first },
          )
        ).status,
      ).toBe(403);

      expect(
        (
          await api.request('PATCH', `/api/users/${name}`, {
            password: `${PASSWORD}-2`,
          })
        ).status,
      ).toBe(200);
      expect(
        (await api.request('GET', '/api/cars', undefined, { token: first }))
          .status,
      ).toBe(401);
      const second = (
        await api.login({ username: name, password: `${PASSWORD}-2` })
      ).accessToken;
      expect(
        (await api.request('GET', '/api/cars', undefined, { token: second }))
          .status,
      ).toBe(200);

      expect((await api.request('DELETE', `/api/users/${name}`)).status).toBe(
        204,
      );
      expect(
        (await api.request('GET', '/api/cars', undefined, { token: second }))
          .status,
      ).toBe(401);
    });

    it('refuses to delete the last admin, and duplicate users', async () => {
      expect(
        (await api.request('DELETE', `/api/users/${api.admin.username}`))
          .status,
      ).toBe(409);
      expect(
        (
          await api.request('POST', '/api/users', {
            ...user('viewer'),
            role: 'viewer',
          })
        ).status,
      ).toBe(409);
      expect(
        (
          await api.request('POST', '/api/users', {
            username: 'Bad Name',
            password: 'short',
            role: 'root',
          })
        ).status,
      ).toBe(400);
    });
  });

  describe('API keys', () => {
    it('creates a key shown once, which works as X-API-Key and as a bearer token with its role, until revoked', async () => {
      const created = await api.request<CreatedApiKey>(
        'POST',
        '/api/api-keys',
        { name: `e2e-job-${services.runId}`, role: 'operator' },
      );
      expect(created.status).toBe(201);
      const { key, id } = created.body;
      expect(key).toMatch(/^fk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);

      const listed = await api.request<ApiKeyView[]>('GET', '/api/api-keys');
      expect(listed.body.find((k) => k.id === id)).toMatchObject({
        role: 'operator',
        createdBy: api.admin.username,
      });
      expect(JSON.stringify(listed.body)).not.toContain(key);

      const viaHeader = await api.request<Principal>(
        'GET',
        '/api/auth/me',
        undefined,
        { token: null, headers: { 'x-api-key': key } },
      );
      expect(viaHeader.body).toMatchObject({
        username: `apikey:e2e-job-${services.runId}`,
        role: 'operator',
        via: 'api-key',
      });
      expect(
        (await api.request('GET', '/api/cars', undefined, { token: key }))
          .status,
      ).toBe(200);
      expect(
        (await api.request('GET', '/api/users', undefined, { token: key }))
          .status,
      ).toBe(403);

      expect((await api.request('DELETE', `/api/api-keys/${id}`)).status).toBe(
        204,
      );
      expect(
        (await api.request('GET', '/api/cars', undefined, { token: key }))
          .status,
      ).toBe(401);
    });

    it('gives a viewer key read access only', async () => {
      const { body } = await api.request<CreatedApiKey>(
        'POST',
        '/api/api-keys',
        { name: `e2e-reader-${services.runId}`, role: 'viewer' },
      );

      expect(
        (await api.request('GET', '/api/cars', undefined, { token: body.key }))
          .status,
      ).toBe(200);
      expect(
        (
          await api.request(
            'POST',
            '/api/cars',
            { region: 'munich' },
            { token: body.key },
          )
        ).status,
      ).toBe(403);
    });
  });

  describe('WebSocket', () => {
    it('refuses a client without a token or with a bad one, with a 401 connect error', async () => {
      const none = await trySocket(api, undefined);
      const bad = await trySocket(api, 'not-a-token');

      expect(none).toEqual({
        connected: false,
        message: 'Authentication required',
        data: { statusCode: 401, message: 'Authentication required' },
      });
      expect(bad).toMatchObject({ connected: false, message: 'Invalid token' });
    });

    it('lets in a viewer token and an API key, and sends them the fleet summary', async () => {
      const { body } = await api.request<CreatedApiKey>(
        'POST',
        '/api/api-keys',
        { name: `e2e-socket-${services.runId}`, role: 'viewer' },
      );

      expect(await trySocket(api, tokens.viewer)).toMatchObject({
        connected: true,
        summary: { total: expect.any(Number) },
      });
      expect(await trySocket(api, body.key)).toMatchObject({ connected: true });
    });
  });

  describe("Symphony's own routes", () => {
    it('logs in through /v1alpha2/users/auth with the same users and answers in Symphony’s shape', async () => {
      const res = await api.request<SymphonyAuthResponse>(
        'POST',
        '/v1alpha2/users/auth',
        user('operator'),
        { token: null },
      );

      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        accessToken: expect.any(String),
        tokenType: 'Bearer',
        username: user('operator').username,
        roles: ['operator'],
      });
      const me = await api.request<Principal>(
        'GET',
        '/api/auth/me',
        undefined,
        { token: res.body.accessToken },
      );
      expect(me.body.role).toBe('operator');
      const wrong = await api.request(
        'POST',
        '/v1alpha2/users/auth',
        { ...user('operator'), password: 'wrong-password' },
        { token: null },
      );
      expect(wrong.status).toBe(401);
    });

    it('answers /v1alpha2/greetings without a token, in plain text', async () => {
      const res = await api.request<string>(
        'GET',
        '/v1alpha2/greetings',
        undefined,
        { token: null },
      );

      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(res.body).toMatch(/^Hello from/);
    });

    it('keeps the health check and the API docs open', async () => {
      expect(
        (await api.request('GET', '/api/health', undefined, { token: null }))
          .status,
      ).toBe(200);
      expect(
        (await api.request('GET', '/api/docs-json', undefined, { token: null }))
          .status,
      ).toBe(200);
    });
  });

  describe('audit trail', () => {
    const auditQuery = (query: string, token = tokens.admin) =>
      api.request<Page<AuditEntry>>('GET', `/api/audit${query}`, undefined, {
        token,
      });

    it('records each state-changing operation with who, role, what, target, where, result and correlation id', async () => {
      const correlationId = `e2e-audit-${services.runId}`;
      await api.request(
        'PUT',
        `/api/cars/no-such-car/state`,
        { state: 'driving' },
        {
          token: tokens.operator,
          headers: { 'x-correlation-id': correlationId },
        },
      );

      const entry = await waitFor('the audit entry of the PUT', async () =>
        (
          await auditQuery(`?actor=${user('operator').username}&action=PUT`)
        ).body.items.find((e) => e.correlationId === correlationId),
      );
      expect(entry).toMatchObject({
        actor: user('operator').username,
        role: 'operator',
        action: 'PUT /api/cars/:id/state',
        method: 'PUT',
        path: '/api/cars/no-such-car/state',
        targetId: 'no-such-car',
        ip: expect.stringMatching(/127\.0\.0\.1/),
        statusCode: 404,
        details: '{"state":"driving"}',
      });
      expect(Date.parse(entry.at)).toBeGreaterThan(Date.now() - 60_000);
    });

    it('holds the operations of the tests above: creations, refusals and logins, successful and failed', async () => {
      const operator = user('operator').username;
      const created = await waitFor(
        'the car creation in the audit trail',
        async () =>
          (
            await auditQuery(`?actor=${operator}&action=POST%20/api/cars`)
          ).body.items.find((e) => e.statusCode === 201),
      );
      expect(created).toMatchObject({
        action: 'POST /api/cars',
        targetId: carName(),
        role: 'operator',
      });

      const refused = (
        await auditQuery(`?actor=${user('viewer').username}&action=POST`)
      ).body.items;
      expect(refused.map((e) => e.statusCode)).toContain(403);

      const logins = (await auditQuery('?action=auth.login&pageSize=500')).body
        .items;
      expect(
        logins.some(
          (e) =>
            e.actor === operator &&
            e.statusCode === 200 &&
            e.role === 'operator',
        ),
      ).toBe(true);
      expect(
        logins.some(
          (e) =>
            e.actor === `e2e-locked-${services.runId}` && e.statusCode === 401,
        ),
      ).toBe(true);
      expect(
        logins.some(
          (e) =>
            e.actor === `e2e-locked-${services.runId}` && e.statusCode === 429,
        ),
      ).toBe(true);
      expect(
        logins.some(
          (e) => e.path === '/v1alpha2/users/auth' && e.statusCode === 200,
        ),
      ).toBe(true);

      const userChanges = (await auditQuery(`?action=PATCH%20/api/users`)).body
        .items;
      expect(userChanges.length).toBeGreaterThanOrEqual(2);
    });

    it('never keeps a password, token or API key', async () => {
      const all = (await auditQuery('?pageSize=500')).body.items;

      expect(all.length).toBeGreaterThan(10);
      const text = JSON.stringify(all);
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(api.admin.password);
      expect(text).not.toMatch(/fk_[0-9a-f]{12}_/);
      expect(text).not.toContain('eyJ');
      expect(text).toContain('"password\\":\\"***\\"');
    });

    it('pages and filters by time', async () => {
      const firstPage = await auditQuery('?pageSize=2&page=1');
      const secondPage = await auditQuery('?pageSize=2&page=2');
      const future = await auditQuery(
        `?from=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`,
      );

      expect(firstPage.body.items).toHaveLength(2);
      expect(firstPage.body.total).toBeGreaterThan(4);
      expect(secondPage.body.items[0].id).toBeLessThan(
        firstPage.body.items[1].id,
      );
      expect(future.body).toMatchObject({ items: [], total: 0 });
      expect((await auditQuery('?from=yesterday')).status).toBe(400);
    });

    it('lets operators and admins read it, not viewers, and has no way to change it', async () => {
      expect((await auditQuery('', tokens.operator)).status).toBe(200);
      expect((await auditQuery('', tokens.viewer)).status).toBe(403);
      const before = (await auditQuery('')).body.total;

      for (const [method, path] of [
        ['DELETE', '/api/audit'],
        ['DELETE', '/api/audit/1'],
        ['PUT', '/api/audit/1'],
        ['PATCH', '/api/audit/1'],
        ['POST', '/api/audit'],
      ])
        expect(
          (
            await api.request(
              method,
              path,
              method === 'DELETE' ? undefined : { actor: 'mallory' },
            )
          ).status,
        ).toBe(404);

      const after = (await auditQuery('?pageSize=500')).body;
      expect(after.total).toBeGreaterThanOrEqual(before);
      expect(after.items.map((e) => e.actor)).not.toContain('mallory');
      expect(Math.min(...after.items.map((e) => e.id))).toBe(1);
    });
  });
});

describe('auth: a generated signing secret survives a restart', () => {
  let api: ApiProcess;

  afterAll(async () => {
    await api?.stopWithAgents();
  }, 60_000);

  it('accepts a token issued before the restart', async () => {
    api = new ApiProcess();
    await api.start('auth-restart');
    const before = api.token;

    expect(await api.stop('SIGTERM')).toBe(0);
    await api.start('auth-restart-again');

    const me = await api.request<Principal>('GET', '/api/auth/me', undefined, {
      token: before,
    });
    expect(me.status).toBe(200);
    expect(me.body.username).toBe(api.admin.username);
  }, 60_000);
});
