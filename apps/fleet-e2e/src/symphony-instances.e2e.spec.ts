import type {
  CarView,
  Page,
  SummaryResult,
  SymphonyInstance,
  UpdateHistoryEntry,
} from '@fleet/shared/contracts';
import {
  ApiProcess,
  TestServices,
  getCar,
  testServices,
  waitFor,
  waitOnline,
} from '@fleet/e2e/support';

/**
 * Instances POSTed and DELETEd through Symphony's own REST API (`/v1alpha2`, a token from `users/auth`), as a
 * Symphony client would: each deploys through the MQTT target provider to real car agents over the real broker.
 */
describe('Symphony instances deploy: real API, broker, database and car agents', () => {
  let services: TestServices;
  let api: ApiProcess;
  let token = '';
  const name = (suffix: string) => `e2e-${services.runId}-${suffix}`;

  const symphony = <T = unknown>(
    method: string,
    path: string,
    body?: unknown,
  ) => api.request<T>(method, `/v1alpha2/${path}`, body, { token });

  const car = (id: string, check: (c: CarView) => boolean, what: string) =>
    waitFor(
      `car ${id} ${what}`,
      async () => {
        const c = await getCar(api, id);
        return c && check(c) ? c : undefined;
      },
      45_000,
      200,
    );

  const summaryOf = (instance: string, check: (s: SummaryResult) => boolean) =>
    waitFor(
      `summary of ${instance}`,
      async () => {
        const res = await symphony<SummaryResult>(
          'GET',
          `solutionversion/queue?instance=${instance}`,
        );
        return res.status === 200 && check(res.body) ? res.body : undefined;
      },
      45_000,
      250,
    );

  const historyOf = async (id: string) =>
    (
      await api.request<Page<UpdateHistoryEntry>>(
        'GET',
        `/api/cars/${id}/history`,
      )
    ).body.items;

  beforeAll(async () => {
    services = await testServices();
    api = new ApiProcess({
      mqttUrl: services.mqttUrl,
      databaseUrl: services.databaseUrl,
    });
    await api.start('symphony-instances');
    const auth = await api.request<{ accessToken: string }>(
      'POST',
      '/v1alpha2/users/auth',
      api.admin,
      { token: null },
    );
    expect(auth.status).toBe(200);
    token = auth.body.accessToken;
    for (const [suffix, region] of [
      ['a', 'berlin'],
      ['m1', 'munich'],
      ['m2', 'munich'],
      ['b', 'berlin'],
    ] as const)
      expect(
        (
          await api.request('POST', '/api/cars', {
            region,
            name: name(suffix),
            model: 'atlas-sedan',
          })
        ).status,
      ).toBe(201);
    await Promise.all(
      ['a', 'm1', 'm2', 'b'].map((s) => waitOnline(api, name(s), 45_000)),
    );
  }, 120_000);

  afterAll(async () => {
    await api?.stopWithAgents();
    await services?.dispose();
  }, 60_000);

  it('deploys a POSTed instance naming a car: the car runs the version, its history and the summary say so', async () => {
    const id = name('a');
    const instance: SymphonyInstance = {
      metadata: { name: name('nav-a') },
      spec: { solution: 'fleet:1.2.4', target: { name: `car-${id}` } },
    };

    const res = await symphony('POST', `instances/${name('nav-a')}`, instance);

    expect(res.status).toBe(200);
    const summary = await summaryOf(name('nav-a'), (s) => s.state === 2);
    expect(summary.summary).toMatchObject({
      targetCount: 1,
      successCount: 1,
      targets: { [`car-${id}`]: { status: 'OK' } },
    });
    await car(id, (c) => c.version === '1.2.4', 'at 1.2.4');
    const [entry] = await historyOf(id);
    expect(entry).toMatchObject({
      instance: name('nav-a'),
      fromVersion: '1.2.3',
      toVersion: '1.2.4',
      result: 'succeeded',
      actor: api.admin.username,
    });
    expect(
      (
        await symphony<SummaryResult>(
          'GET',
          `solution/queue?instance=${name('nav-a')}`,
        )
      ).body,
    ).toEqual(summary);
    expect(
      (await symphony('POST', `instances/${name('nav-a')}`, instance)).status,
    ).toBe(200);
    expect(await historyOf(id)).toHaveLength(1);
  }, 90_000);

  it('deploys a selector instance to every matching car and leaves the others untouched', async () => {
    const instance: SymphonyInstance = {
      metadata: { name: name('munich') },
      spec: {
        solution: 'fleet:1.2.4',
        target: { selector: { region: 'munich' } },
      },
    };

    expect(
      (await symphony('POST', `instances/${name('munich')}`, instance)).status,
    ).toBe(200);

    const summary = await summaryOf(
      name('munich'),
      (s) => s.state === 2 && s.summary.targetCount === 2,
    );
    expect(summary.summary).toMatchObject({
      successCount: 2,
      targets: {
        [`car-${name('m1')}`]: { status: 'OK' },
        [`car-${name('m2')}`]: { status: 'OK' },
      },
    });
    for (const id of [name('m1'), name('m2')]) {
      await car(id, (c) => c.version === '1.2.4', 'at 1.2.4');
      expect((await historyOf(id))[0]).toMatchObject({
        instance: name('munich'),
        result: 'succeeded',
      });
    }
    expect((await getCar(api, name('b')))?.version).toBe('1.2.3');
    expect(await historyOf(name('b'))).toEqual([]);
  }, 90_000);

  it('DELETE sends a COA DELETE to each car: their workloads are gone, the removal summary stays, a repeat is 404', async () => {
    const res = await symphony('DELETE', `instances/${name('munich')}`);

    expect(res.status).toBe(200);
    for (const id of [name('m1'), name('m2')])
      await car(id, (c) => c.workloads.total === 0, 'without workloads');
    expect((await getCar(api, name('b')))?.workloads.total).toBeGreaterThan(0);
    const removal = await symphony<SummaryResult>(
      'GET',
      `solutionversion/queue?instance=${name('munich')}`,
    );
    expect(removal.body.summary).toMatchObject({
      isRemoval: true,
      removed: true,
      targetCount: 2,
      successCount: 2,
    });
    const m1 = removal.body.summary.targets?.[`car-${name('m1')}`];
    expect(Object.values(m1?.components ?? {}).map((c) => c.status)).toEqual([
      8005, 8005, 8005,
    ]);

    const again = await symphony('DELETE', `instances/${name('munich')}`);
    expect(again.status).toBe(404);
    expect(again.headers.get('content-type')).toContain('text/plain');
    expect(again.body).toBe(`Not Found: instance ${name('munich')} not found`);
  }, 90_000);

  it('answers errors as Symphony does: plain text with the COA status, and 400 for another namespace', async () => {
    const missing = await symphony('GET', 'instances/nope');
    const invalid = await symphony('POST', 'instances/bad', {
      spec: { solution: 'fleet:0.0.1', target: { name: 'car-nope' } },
    });
    const namespace = await symphony('GET', 'instances?namespace=other');

    expect(missing).toMatchObject({
      status: 404,
      body: 'Not Found: instance nope not found',
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatch(
      /^Bad Request: spec\.solution: .*solution does not exist/,
    );
    expect(namespace.status).toBe(400);
    expect(namespace.body).toContain('namespace "other" is not supported');
    const listed = await api.request('GET', '/api/cars/nope');
    expect(listed.headers.get('content-type')).toContain('application/json');
  });
});

/** A car slower than the provider's timeout: its late answer settles what was recorded as unknown. */
describe('Symphony instances: a car that answers after the provider timeout', () => {
  let services: TestServices;
  let api: ApiProcess;
  const id = () => `e2e-${services.runId}-slow`;

  beforeAll(async () => {
    services = await testServices();
    api = new ApiProcess({
      mqttUrl: services.mqttUrl,
      databaseUrl: services.databaseUrl,
      // Real time: a workload needs 0.5-2 s to start and 3 s more to report healthy, the provider waits 2 s.
      extraEnv: { SYMPHONY_TIMEOUT_SECONDS: '2', AGENT_ARGS: '--sim-speed 1' },
    });
    await api.start('symphony-instances-slow');
    expect(
      (
        await api.request('POST', '/api/cars', {
          region: 'munich',
          name: id(),
          model: 'atlas-sedan',
        })
      ).status,
    ).toBe(201);
    await waitOnline(api, id(), 60_000);
  }, 120_000);

  afterAll(async () => {
    await api?.stopWithAgents();
    await services?.dispose();
  }, 60_000);

  it('records unknown (not failed) at the timeout, then succeeded once the car’s late answer arrives', async () => {
    const instance = `e2e-${services.runId}-late`;
    const seen = new Set<string>();
    const res = await api.request('POST', `/v1alpha2/instances/${instance}`, {
      spec: { solution: 'fleet:1.2.4', target: { name: `car-${id()}` } },
    });
    expect(res.status).toBe(200);

    const settled = await waitFor(
      'the late answer to settle the update',
      async () => {
        const summary = await api.request<SummaryResult>(
          'GET',
          `/v1alpha2/solutionversion/queue?instance=${instance}`,
        );
        const target = summary.body?.summary?.targets?.[`car-${id()}`];
        if (target)
          seen.add(
            `${summary.body.state}:${target.status}:${target.message?.includes('unknown until the car confirms') ? 'timed out' : ''}`,
          );
        const [entry] = (
          await api.request<Page<UpdateHistoryEntry>>(
            'GET',
            `/api/cars/${id()}/history`,
          )
        ).body.items;
        return entry?.result !== 'pending' && summary.body?.state === 2
          ? { entry, summary: summary.body }
          : undefined;
      },
      60_000,
      100,
    );

    expect(seen).toContain('1:Unknown:timed out');
    expect([...seen].some((s) => s.includes('Error'))).toBe(false);
    expect(settled.entry).toMatchObject({
      result: 'succeeded',
      toVersion: '1.2.4',
    });
    expect(settled.entry.messages.join('\n')).toContain(
      'no answer from car-' +
        id() +
        ' to POST within 2 s; the result is unknown',
    );
    expect(settled.entry.messages.join('\n')).toContain(
      "confirmed by the car's late answer after the provider timeout: succeeded",
    );
    expect(settled.summary.summary).toMatchObject({
      successCount: 1,
      targets: { [`car-${id()}`]: { status: 'OK' } },
    });
    const car = await getCar(api, id());
    expect(car).toMatchObject({ version: '1.2.4', updateState: 'succeeded' });
  }, 90_000);
});
