import type {
  EmergencyStopResult,
  Page,
  RolloutCarView,
  RolloutView,
} from '@fleet/shared/contracts';
import {
  ApiProcess,
  TestServices,
  agentProcesses,
  carHistory,
  getCar,
  getRollout,
  testServices,
  waitFor,
  waitForRollout,
  waitOnline,
} from '@fleet/e2e/support';

/**
 * One scenario per rollout rule on real agents through the real broker and database: an interrupted car, an
 * unreachable car, a plain emergency freeze, and a scheduled start inside a maintenance window on the API's test
 * clock. The agents run at `--sim-speed 1` (an install takes 3-5 s) so that a test can act while one is in
 * flight; a crashed agent is not restarted (`AGENT_RESTART_LIMIT=0`), so a killed car stays offline.
 */
describe('rollout rules: real API, broker, database and car agents', () => {
  let services: TestServices;
  let api: ApiProcess;
  const name = (suffix: string) => `rr-${services.runId}-${suffix}`;
  /** Each scenario has its own region, so that no rollout picks another scenario's cars. */
  const CARS: [suffix: string, region: string][] = [
    ['i1', 'hamburg'],
    ['u1', 'cologne'],
    ['u2', 'cologne'],
    ['f1', 'dresden'],
    ['f2', 'dresden'],
    ['s1', 'leipzig'],
  ];

  const rollout = (id: string) => getRollout(api, id);
  const rolloutUntil = (
    id: string,
    check: (r: RolloutView) => boolean,
    what: string,
    timeoutMs?: number,
  ) => waitForRollout(api, id, check, what, timeoutMs);

  async function carOf(id: string, carId: string): Promise<RolloutCarView> {
    const res = await api.request<Page<RolloutCarView>>(
      'GET',
      `/api/rollouts/${id}/cars?pageSize=500`,
    );
    expect(res.status).toBe(200);
    const car = res.body.items.find((c) => c.carId === carId);
    if (!car) throw new Error(`car ${carId} is not part of rollout ${id}`);
    return car;
  }

  function carUntil(
    id: string,
    carId: string,
    check: (c: RolloutCarView) => boolean,
    what: string,
    timeoutMs = 30_000,
  ): Promise<RolloutCarView> {
    return waitFor(
      `car ${carId} of rollout ${id} ${what}`,
      async () => {
        const car = await carOf(id, carId);
        return check(car) ? car : undefined;
      },
      timeoutMs,
      200,
    );
  }

  const historyOf = (carId: string) => carHistory(api, carId);

  async function create(body: object): Promise<RolloutView> {
    const res = await api.request<RolloutView>('POST', '/api/rollouts', {
      version: '1.2.4',
      ...body,
    });
    expect(res.status).toBe(201);
    return res.body;
  }

  async function drive(carId: string, state: 'driving' | 'parked') {
    const res = await api.request('PUT', `/api/cars/${carId}/state`, {
      state,
    });
    expect(res.status).toBe(200);
  }

  async function setRolloutClock(body: {
    at?: string;
    offsetMs?: number;
  }): Promise<{ now: string; offsetMs: number }> {
    const res = await api.request<{ now: string; offsetMs: number }>(
      'PUT',
      '/api/test/rollout-clock',
      body,
    );
    expect(res.status).toBe(200);
    return res.body;
  }

  /** The rollout must not change in `ms`: checked a few times over that span. */
  async function holds(
    id: string,
    check: (r: RolloutView) => boolean,
    ms: number,
  ): Promise<void> {
    for (const until = Date.now() + ms; Date.now() < until; ) {
      expect(check(await rollout(id))).toBe(true);
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  beforeAll(async () => {
    services = await testServices();
    api = new ApiProcess({
      mqttUrl: services.mqttUrl,
      databaseUrl: services.databaseUrl,
      extraEnv: {
        AGENT_ARGS: '--sim-speed 1',
        AGENT_RESTART_LIMIT: '0',
        FLEET_TEST_CLOCK: '1',
      },
    });
    await api.start('rollout-rules');
    for (const [suffix, region] of CARS) {
      const res = await api.request('POST', '/api/cars', {
        region,
        name: name(suffix),
        model: 'atlas-sedan',
      });
      expect(res.status).toBe(201);
    }
    await Promise.all(
      CARS.map(([suffix]) => waitOnline(api, name(suffix), 60_000)),
    );
  }, 120_000);

  afterAll(async () => {
    await api?.stopWithAgents();
    await services?.dispose();
  }, 60_000);

  it('marks a car that starts driving mid-install interrupted (not failed), and updates it once it parks', async () => {
    const car = name('i1');
    const created = await create({
      stages: [{ selector: { region: 'hamburg' } }],
      policy: { soakSeconds: 2 },
      start: true,
    });
    expect(created.stages[0].counts.updating).toBe(1);
    // The install takes seconds at --sim-speed 1: the car is still installing when it drives off.
    await drive(car, 'driving');

    const interrupted = await carUntil(
      created.id,
      car,
      (c) => c.bucket === 'interrupted',
      'interrupted',
    );
    expect(interrupted).toMatchObject({
      finished: false,
      attempts: 1,
      reason:
        'interrupted: started driving mid-install; resumes at the next park',
    });
    const [answer] = await historyOf(car);
    expect(answer).toMatchObject({ kind: 'update', toVersion: '1.2.4' });
    expect(answer.result).not.toBe('succeeded');
    expect((await getCar(api, car))?.version).toBe('1.2.3');
    // Still driving: nothing is sent again, nothing counts as failed.
    await holds(
      created.id,
      (r) =>
        r.status === 'running' &&
        r.stages[0].counts.interrupted === 1 &&
        r.stages[0].counts.failed === 0,
      2_000,
    );
    expect((await carOf(created.id, car)).attempts).toBe(1);

    await drive(car, 'parked');
    const done = await rolloutUntil(
      created.id,
      (r) => r.status === 'completed',
      'completed after the car parked',
    );
    expect(done.stages[0]).toMatchObject({
      status: 'succeeded',
      counts: expect.objectContaining({ succeeded: 1, failed: 0 }),
    });
    expect(await carOf(created.id, car)).toMatchObject({
      bucket: 'succeeded',
      attempts: 2,
    });
    expect((await getCar(api, car))?.version).toBe('1.2.4');
  }, 90_000);

  it('gives an offline car up as unreachable after its own timeout, without counting it as failed', async () => {
    const [online, offline] = [name('u1'), name('u2')];
    const agent = agentProcesses(api.dataDir).find((p) => p.name === offline);
    expect(agent).toBeDefined();
    process.kill(agent?.pid ?? 0, 'SIGKILL');
    await waitFor(
      `car ${offline} offline`,
      async () => (await getCar(api, offline))?.connection !== 'online',
      15_000,
    );

    const created = await create({
      stages: [{ selector: { region: 'cologne' } }],
      policy: { soakSeconds: 2, unreachableTimeoutSeconds: 4 },
      start: true,
    });
    const waiting = await carOf(created.id, offline);
    expect(waiting).toMatchObject({
      bucket: 'unreachable',
      finished: false,
      attempts: 0,
    });
    expect(waiting.reason).toMatch(
      /^unreachable: the car is (offline|crashed|stopped)$/,
    );

    const done = await rolloutUntil(
      created.id,
      (r) => r.status === 'completed',
      'completed without the offline car',
    );
    expect(done.stages[0]).toMatchObject({
      status: 'succeeded',
      counts: expect.objectContaining({
        succeeded: 1,
        unreachable: 1,
        failed: 0,
      }),
    });
    const givenUp = await carOf(created.id, offline);
    expect(givenUp).toMatchObject({
      bucket: 'unreachable',
      finished: true,
      attempts: 0,
      reason: 'unreachable: offline for more than 4s',
    });
    // Its own timeout, counted from the stage start (not the stage deadline of an hour).
    expect(
      Date.parse(givenUp.updatedAt) -
        Date.parse(done.stages[0].startedAt ?? ''),
    ).toBeGreaterThanOrEqual(4_000);
    expect(await historyOf(offline)).toEqual([]);
    expect((await carOf(created.id, online)).bucket).toBe('succeeded');
  }, 90_000);

  it('freezes on an emergency stop: no new dispatch, the update in flight finishes; resume goes on', async () => {
    const [first, second] = [name('f1'), name('f2')];
    const created = await create({
      stages: [{ carIds: [first, second] }],
      policy: { soakSeconds: 2, maxConcurrent: 1 },
      start: true,
    });
    expect(created.stages[0].counts).toMatchObject({ updating: 1, pending: 1 });
    const [sent, held] =
      (await carOf(created.id, first)).bucket === 'updating'
        ? [first, second]
        : [second, first];

    const stop = await api.request<EmergencyStopResult>(
      'POST',
      '/api/rollouts/emergency-stop',
      { mode: 'freeze' },
    );
    expect(stop.status).toBe(200);
    expect(stop.body).toEqual({
      mode: 'freeze',
      rollouts: [{ id: created.id, status: 'frozen' }],
    });

    // The car already installing finishes and soaks; the other is never sent while frozen.
    await carUntil(
      created.id,
      sent,
      (c) => c.bucket === 'soaking' || c.bucket === 'succeeded',
      'finished its in-flight update',
    );
    expect((await getCar(api, sent))?.version).toBe('1.2.4');
    await holds(
      created.id,
      (r) => r.status === 'frozen' && r.stages[0].counts.updating === 0,
      3_000,
    );
    expect(await carOf(created.id, held)).toMatchObject({
      bucket: 'pending',
      attempts: 0,
    });
    expect(await historyOf(held)).toEqual([]);

    expect(
      (await api.request('POST', `/api/rollouts/${created.id}/resume`)).status,
    ).toBe(200);
    const done = await rolloutUntil(
      created.id,
      (r) => r.status === 'completed',
      'completed after the resume',
    );
    expect(done.stages[0].counts.succeeded).toBe(2);
    expect((await getCar(api, held))?.version).toBe('1.2.4');
  }, 90_000);

  it('starts at its scheduled time and sends only inside the region maintenance window (test clock)', async () => {
    const car = name('s1');
    // Monday 2030-01-07, 21:00 in Leipzig (UTC+1); the window opens at 22:00 local.
    try {
      const clock = await setRolloutClock({ at: '2030-01-07T20:00:00.000Z' });
      expect(clock.now.startsWith('2030-01-07T20:00')).toBe(true);
      const created = await create({
        stages: [{ selector: { region: 'leipzig' } }],
        policy: { soakSeconds: 2 },
        maintenanceWindows: [
          {
            region: 'leipzig',
            timeZone: 'Europe/Berlin',
            start: '22:00',
            end: '23:00',
          },
        ],
        startAt: '2030-01-07T20:30:00.000Z',
      });
      expect(created).toMatchObject({
        status: 'scheduled',
        startAt: '2030-01-07T20:30:00.000Z',
        startedAt: null,
      });
      await holds(created.id, (r) => r.status === 'scheduled', 2_000);

      await setRolloutClock({ at: '2030-01-07T20:30:01.000Z' });
      const started = await rolloutUntil(
        created.id,
        (r) => r.status === 'running',
        'started at its scheduled time',
        10_000,
      );
      expect(started.reason).toBe('started at its scheduled time');
      expect(started.startedAt?.startsWith('2030-01-07T20:30')).toBe(true);
      const outside = await carUntil(
        created.id,
        car,
        (c) => c.bucket === 'waiting',
        'waiting for the window',
        10_000,
      );
      expect(outside.reason).toMatch(
        /^waiting: outside the maintenance window .*22:00.*23:00/,
      );
      await holds(
        created.id,
        (r) =>
          r.stages[0].counts.waiting === 1 && r.stages[0].counts.updating === 0,
        2_000,
      );
      expect(await historyOf(car)).toEqual([]);

      await setRolloutClock({ at: '2030-01-07T21:00:01.000Z' });
      const done = await rolloutUntil(
        created.id,
        (r) => r.status === 'completed',
        'completed inside the window',
      );
      expect(done.stages[0].counts.succeeded).toBe(1);
      expect((await getCar(api, car))?.version).toBe('1.2.4');
      expect(
        (await carOf(created.id, car)).dispatchedAt?.startsWith(
          '2030-01-07T21:00',
        ),
      ).toBe(true);
    } finally {
      await setRolloutClock({ offsetMs: 0 });
    }
  }, 90_000);

  it('keeps the test clock to admins and checks what it is given', async () => {
    const bad = await api.request<{ message: string | string[] }>(
      'PUT',
      '/api/test/rollout-clock',
      { offsetMs: 1, at: '2030-01-01T00:00:00Z' },
    );
    expect(bad.status).toBe(400);
    const badAt = await api.request<{ message: string[] }>(
      'PUT',
      '/api/test/rollout-clock',
      { at: 'tomorrow' },
    );
    expect(badAt.status).toBe(400);
    expect(JSON.stringify(badAt.body.message)).toContain('at must be');
    expect(
      (
        await api.request('GET', '/api/test/rollout-clock', undefined, {
          token: null,
        })
      ).status,
    ).toBe(401);
    const operator = {
      username: `rr-operator-${services.runId}`,
      password: 'rr-operator-password',
    };
    expect(
      (
        await api.request('POST', '/api/users', {
          ...operator,
          role: 'operator',
        })
      ).status,
    ).toBe(201);
    const token = (await api.login(operator)).accessToken;
    expect(
      (
        await api.request(
          'PUT',
          '/api/test/rollout-clock',
          { offsetMs: 60_000 },
          { token },
        )
      ).status,
    ).toBe(403);
    const read = await api.request<{ offsetMs: number }>(
      'GET',
      '/api/test/rollout-clock',
    );
    expect(read.status).toBe(200);
    expect(read.body.offsetMs).toBe(0);
  });
});
