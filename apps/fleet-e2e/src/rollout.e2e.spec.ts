import type {
  EmergencyStopResult,
  Page,
  RolloutCarView,
  RolloutProgress,
  RolloutView,
  ServerToClientListeners,
  SymphonyActivation,
} from '@fleet/shared/contracts';
import { REALTIME_PATH } from '@fleet/shared/contracts';
import { io, Socket } from 'socket.io-client';
import {
  ApiProcess,
  TestServices,
  agentProcesses,
  carHistory,
  getCar,
  testServices,
  waitFor,
  waitForRollout,
  waitOnline,
} from '@fleet/e2e/support';

/** Staged rollouts on real agents (`--sim-speed 20`) through the real broker, updates module and database. */
describe('staged rollouts: real API, broker, database and car agents', () => {
  let services: TestServices;
  let api: ApiProcess;
  const name = (suffix: string) => `e2e-${services.runId}-${suffix}`;
  const munich = () => [name('m1'), name('m2')];
  const berlin = () => [name('b1'), name('b2')];

  const rolloutUntil = (
    id: string,
    check: (r: RolloutView) => boolean,
    what: string,
    timeoutMs?: number,
  ) => waitForRollout(api, id, check, what, timeoutMs);

  const historyOf = (carId: string) => carHistory(api, carId);

  async function stagedRollout(
    version: string,
    soakSeconds: number,
  ): Promise<RolloutView> {
    const res = await api.request<RolloutView>(
      'POST',
      '/api/cars/staged-rollout',
      {
        version,
        regions: ['munich', 'berlin'],
        successWindowSeconds: soakSeconds,
      },
    );
    expect(res.status).toBe(201);
    return res.body;
  }

  async function setFaults(rules: unknown[]): Promise<void> {
    expect(
      (await api.request('PUT', '/api/simulation/faults', rules)).status,
    ).toBe(200);
  }

  const versionsOf = async (ids: string[]) =>
    Promise.all(ids.map(async (id) => (await getCar(api, id))?.version));

  beforeAll(async () => {
    services = await testServices();
    api = new ApiProcess({
      mqttUrl: services.mqttUrl,
      databaseUrl: services.databaseUrl,
    });
    await api.start('rollout');
    for (const [suffix, region] of [
      ['m1', 'munich'],
      ['m2', 'munich'],
      ['b1', 'berlin'],
      ['b2', 'berlin'],
    ]) {
      const res = await api.request('POST', '/api/cars', {
        region,
        name: name(suffix),
        model: 'atlas-sedan',
      });
      expect(res.status).toBe(201);
    }
    await Promise.all(
      [...munich(), ...berlin()].map((id) => waitOnline(api, id)),
    );
  }, 90_000);

  afterAll(async () => {
    await api
      ?.request('PUT', '/api/simulation/faults', [])
      .catch(() => undefined);
    await api?.stopWithAgents();
    await services?.dispose();
  }, 60_000);

  it('answers bad definitions with 400, unknown versions and rollouts with 404', async () => {
    const badStage = await api.request<{ message: string[] }>(
      'POST',
      '/api/rollouts',
      {
        version: '1.2.4',
        stages: [{ selector: { region: 'munich' }, percent: 10 }],
      },
    );
    expect(badStage.status).toBe(400);
    expect(JSON.stringify(badStage.body.message)).toContain(
      'stages[0] needs exactly one of selector, carIds, percent, batchSize',
    );
    const badWindow = await api.request('POST', '/api/rollouts', {
      version: '1.2.4',
      stages: [{ selector: { region: 'munich' } }],
      maintenanceWindows: [
        {
          region: 'munich',
          timeZone: 'Mars/Olympus',
          start: '01:00',
          end: '02:00',
        },
      ],
    });
    expect(badWindow.status).toBe(400);
    expect(
      (
        await api.request('POST', '/api/cars/staged-rollout', {
          version: '9.9.9',
          regions: ['munich'],
        })
      ).status,
    ).toBe(404);
    expect((await api.request('GET', '/api/rollouts/nope')).status).toBe(404);
    expect((await api.request('GET', '/api/rollouts/nope/cars')).status).toBe(
      404,
    );
    // Without FLEET_TEST_CLOCK=1 the test clock does not exist.
    expect((await api.request('GET', '/api/test/rollout-clock')).status).toBe(
      404,
    );
    expect(
      (await api.request('PUT', '/api/test/rollout-clock', { offsetMs: 1 }))
        .status,
    ).toBe(404);
  });

  it('pages and filters the rollouts list, and answers a bad query with 400 naming the field', async () => {
    const drafts: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await api.request<RolloutView>('POST', '/api/rollouts', {
        name: name(`draft-${i}`),
        version: '1.2.4',
        stages: [{ selector: { region: 'munich' } }, { carIds: berlin() }],
      });
      expect(res.status).toBe(201);
      drafts.unshift(res.body.id);
    }
    const first = await api.request<Page<RolloutView>>(
      'GET',
      '/api/rollouts?status=draft&pageSize=2',
    );
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ page: 1, pageSize: 2 });
    expect(first.body.total).toBeGreaterThanOrEqual(3);
    expect(first.body.items.map((r) => r.id)).toEqual(drafts.slice(0, 2));
    const second = await api.request<Page<RolloutView>>(
      'GET',
      '/api/rollouts?status=draft&pageSize=2&page=2',
    );
    expect(second.body.items[0].id).toBe(drafts[2]);
    expect(
      (
        await api.request<Page<RolloutView>>(
          'GET',
          '/api/rollouts?status=running',
        )
      ).body.items,
    ).toEqual([]);

    for (const [query, field] of [
      ['pageSize=0', 'pageSize'],
      ['page=x', 'page'],
      ['status=done', 'status'],
    ]) {
      const bad = await api.request<{ message: string[] }>(
        'GET',
        `/api/rollouts?${query}`,
      );
      expect(bad.status).toBe(400);
      expect(bad.body.message.join('; ')).toContain(`${field} must`);
    }
    // A draft has picked no car yet; its stage filter is still checked against its stages.
    const cars = await api.request<Page<RolloutCarView>>(
      'GET',
      `/api/rollouts/${drafts[0]}/cars?stage=1`,
    );
    expect(cars.status).toBe(200);
    expect(cars.body).toMatchObject({ items: [], total: 0 });
    const badStage = await api.request<{ message: string }>(
      'GET',
      `/api/rollouts/${drafts[0]}/cars?stage=2`,
    );
    expect(badStage.status).toBe(400);
    expect(String(badStage.body.message)).toContain('stage must be');
    const badBucket = await api.request<{ message: string[] }>(
      'GET',
      `/api/rollouts/${drafts[0]}/cars?bucket=lost`,
    );
    expect(badBucket.status).toBe(400);
    expect(badBucket.body.message.join('; ')).toContain(
      'bucket must be one of',
    );
    for (const id of drafts)
      expect(
        (await api.request('POST', `/api/rollouts/${id}/cancel`)).status,
      ).toBe(200);
  });

  it('previews each stage against the live fleet without sending anything', async () => {
    const res = await api.request<{
      stages: { name: string; total: number; eligible: number }[];
    }>('POST', '/api/rollouts/preview', {
      version: '1.2.4',
      stages: [
        { selector: { region: 'munich' } },
        { selector: { region: 'berlin' } },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.stages).toEqual([
      expect.objectContaining({ name: 'munich', total: 2, eligible: 2 }),
      expect.objectContaining({ name: 'berlin', total: 2, eligible: 2 }),
    ]);
    expect(await historyOf(name('m1'))).toEqual([]);
  });

  it('updates Munich, and Berlin only after Munich stayed healthy through the soak; progress arrives aggregated', async () => {
    const socket: Socket<ServerToClientListeners> = io(api.baseUrl, {
      path: REALTIME_PATH,
      transports: ['websocket'],
      auth: { token: api.token },
    });
    const progress: RolloutProgress[] = [];
    socket.on('rollout.progress', (p) => progress.push(p));
    let id = '';
    let done: RolloutView | undefined;
    try {
      await waitFor('socket connected', () => socket.connected);
      const created = await stagedRollout('1.2.4', 6);
      id = created.id;
      expect(created).toMatchObject({
        status: 'running',
        stages: [
          { name: 'munich', status: 'running' },
          { name: 'berlin', status: 'pending' },
        ],
      });
      expect(created.stages[0].counts.updating).toBe(2);

      done = await rolloutUntil(
        created.id,
        (r) => r.status === 'completed',
        'completed',
      );
      expect(
        done.stages.map((s) => [s.name, s.status, s.counts.succeeded]),
      ).toEqual([
        ['munich', 'succeeded', 2],
        ['berlin', 'succeeded', 2],
      ]);
      expect(await versionsOf([...munich(), ...berlin()])).toEqual([
        '1.2.4',
        '1.2.4',
        '1.2.4',
        '1.2.4',
      ]);

      const munichDone = Math.max(
        ...(await Promise.all(munich().map(historyOf))).map((h) =>
          Date.parse(h[0].finishedAt ?? ''),
        ),
      );
      const berlinSent = Math.min(
        ...(await Promise.all(berlin().map(historyOf))).map((h) =>
          Date.parse(h[0].requestedAt),
        ),
      );
      expect(berlinSent - munichDone).toBeGreaterThanOrEqual(5_500);

      await waitFor('a progress event of the finished rollout', () =>
        progress.some((p) => p.id === created.id && p.status === 'completed'),
      );
      const mine = progress.filter((p) => p.id === created.id);
      expect(mine.length).toBeLessThan(40);
      expect(
        mine[mine.length - 1].stages.map((s) => s.counts.succeeded),
      ).toEqual([2, 2]);
    } finally {
      socket.close();
    }

    expect(done?.campaign.activation).toBe(`rollout-${id}`);
    const activation = await waitFor(
      'the Symphony activation marked done (9996)',
      async () => {
        const res = await api.request<SymphonyActivation>(
          'GET',
          `/v1alpha2/activations/registry/rollout-${id}`,
        );
        return res.status === 200 && res.body.status?.status === 9996
          ? res.body
          : undefined;
      },
    );
    expect(activation.spec.campaign).toBe(`rollout-${id}:1`);
    expect(
      activation.status?.stageHistory?.map((s) => [s.stage, s.status]),
    ).toEqual([
      ['munich', 9996],
      ['berlin', 9996],
    ]);
  }, 90_000);

  it('rolls Munich back when it turns unhealthy during the soak, and never touches Berlin', async () => {
    // Healthy long enough for the car's own install check, unhealthy a few seconds later (2 s at --sim-speed 20).
    await setFaults([
      {
        image: '*:1.3.0',
        fault: 'unhealthy',
        probability: 1,
        region: 'munich',
        afterSeconds: 40,
      },
    ]);
    const created = await stagedRollout('1.3.0', 15);

    const failed = await rolloutUntil(
      created.id,
      (r) => r.status === 'failed',
      'failed',
    );
    expect(failed.stages.map((s) => s.status)).toEqual([
      'rolled-back',
      'halted',
    ]);
    expect(failed.reason).toMatch(
      /^stage munich failed: .*; 2 car\(s\) rolled back$/,
    );
    expect(failed.stages[0].counts['rolled-back']).toBe(2);

    expect(await versionsOf(munich())).toEqual(['1.2.4', '1.2.4']);
    for (const car of munich()) {
      const [rollback, update] = await historyOf(car);
      expect(update).toMatchObject({
        kind: 'update',
        toVersion: '1.3.0',
        result: 'succeeded',
      });
      expect(rollback).toMatchObject({
        kind: 'rollback',
        toVersion: '1.2.4',
        result: 'succeeded',
      });
    }
    for (const car of berlin())
      expect((await historyOf(car)).map((e) => e.toVersion)).toEqual(['1.2.4']);
    expect(await versionsOf(berlin())).toEqual(['1.2.4', '1.2.4']);
  }, 90_000);

  it('survives kill -9 of the API mid-rollout: resumes on restart and updates no car twice', async () => {
    await setFaults([]);
    const created = await stagedRollout('1.3.0', 3);
    // The sends are persisted before the answer above; kill the API while they are in flight.
    await api.stop('SIGKILL');
    await waitFor(
      'every agent to exit',
      () => agentProcesses(api.dataDir).length === 0,
      15_000,
    );

    await api.start('rollout-restarted');
    const done = await rolloutUntil(
      created.id,
      (r) => r.status === 'completed',
      'completed after the restart',
      90_000,
    );
    expect(done.stages.map((s) => s.counts.succeeded)).toEqual([2, 2]);
    expect(await versionsOf([...munich(), ...berlin()])).toEqual([
      '1.3.0',
      '1.3.0',
      '1.3.0',
      '1.3.0',
    ]);
    for (const car of [...munich(), ...berlin()]) {
      const updates = (await historyOf(car)).filter(
        (e) =>
          e.kind === 'update' &&
          e.toVersion === '1.3.0' &&
          e.actor === `rollout:${created.id}`,
      );
      expect(updates).toHaveLength(1);
      expect(updates[0].result).toBe('succeeded');
    }
  }, 150_000);

  it('holds a driving car as "waiting: driving" until it parks; an emergency freeze-and-revert rolls the updated cars back', async () => {
    const [driving, parked] = munich();
    expect(
      (
        await api.request('PUT', `/api/cars/${driving}/state`, {
          state: 'driving',
        })
      ).status,
    ).toBe(200);
    const created = await api.request<RolloutView>('POST', '/api/rollouts', {
      version: '1.2.4',
      stages: [{ selector: { region: 'munich' } }],
      policy: { soakSeconds: 120 },
      start: true,
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const carsOf = async () =>
      (
        await api.request<Page<RolloutCarView>>(
          'GET',
          `/api/rollouts/${id}/cars`,
        )
      ).body.items;
    const bucketOf = async (carId: string) =>
      (await carsOf()).find((c) => c.carId === carId);

    expect(await bucketOf(driving)).toMatchObject({
      bucket: 'waiting',
      reason: 'waiting: driving',
      attempts: 0,
    });
    await waitFor(
      'the parked car soaking',
      async () => (await bucketOf(parked))?.bucket === 'soaking',
    );
    expect((await bucketOf(driving))?.bucket).toBe('waiting');

    expect(
      (
        await api.request('PUT', `/api/cars/${driving}/state`, {
          state: 'parked',
        })
      ).status,
    ).toBe(200);
    await waitFor(
      'the parked-again car soaking',
      async () => (await bucketOf(driving))?.bucket === 'soaking',
      30_000,
    );
    expect(await versionsOf(munich())).toEqual(['1.2.4', '1.2.4']);

    const stop = await api.request<EmergencyStopResult>(
      'POST',
      '/api/rollouts/emergency-stop',
      { mode: 'freeze-and-revert' },
    );
    expect(stop.status).toBe(200);
    expect(stop.body.rollouts).toEqual([{ id, status: 'rolling-back' }]);
    const reverted = await rolloutUntil(
      id,
      (r) => r.status === 'rolled-back',
      'rolled back',
    );
    expect(reverted.stages[0].counts['rolled-back']).toBe(2);
    const rolledBack = await api.request<Page<RolloutCarView>>(
      'GET',
      `/api/rollouts/${id}/cars?stage=0&bucket=rolled-back&pageSize=1`,
    );
    expect(rolledBack.status).toBe(200);
    expect(rolledBack.body).toMatchObject({ total: 2, page: 1, pageSize: 1 });
    expect(rolledBack.body.items).toHaveLength(1);
    expect(await versionsOf(munich())).toEqual(['1.3.0', '1.3.0']);
    for (const car of munich())
      expect((await historyOf(car))[0]).toMatchObject({
        kind: 'rollback',
        toVersion: '1.3.0',
        result: 'succeeded',
      });
    expect(await versionsOf(berlin())).toEqual(['1.3.0', '1.3.0']);
  }, 120_000);
});
