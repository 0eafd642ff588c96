import type {
  SymphonyInstance,
  SymphonySolution,
  SymphonySolutionVersion,
  SymphonyTarget,
} from '@fleet/shared/contracts';
import {
  ApiProcess,
  TestServices,
  testServices,
  waitFor,
  waitOnline,
} from '@fleet/e2e/support';

/** Symphony's own REST API (`/v1alpha2`, outside `/api`), driven with plain HTTP as a Symphony client would. */
describe('Symphony v1alpha2 REST: real API process and database', () => {
  let services: TestServices;
  let api: ApiProcess;
  const car = () => `e2e-${services.runId}-sym`;
  const instance = () => `e2e-${services.runId}-inst`;

  const version = (v: string): SymphonySolutionVersion => ({
    metadata: {
      name: `fleet-v-${v}`,
      annotations: { 'fleet.ota/compatible-models': 'sedan' },
    },
    spec: {
      rootResource: 'fleet',
      version: v,
      components: [
        // A workload of its own: an instance of this version adds it to the car and removes it again.
        {
          name: 'navigation',
          type: 'ankaios-workload',
          properties: {
            'ankaios.runtime': 'podman',
            'ankaios.runtimeConfig': `image: ghcr.io/fleet-ota/navigation:${v}\n`,
          },
        },
      ],
    },
  });

  beforeAll(async () => {
    services = await testServices();
    api = new ApiProcess({
      mqttUrl: services.mqttUrl,
      databaseUrl: services.databaseUrl,
    });
    await api.start('symphony-rest');
    expect(
      (
        await api.request('POST', '/api/cars', {
          region: 'munich',
          name: car(),
        })
      ).status,
    ).toBe(201);
    await waitOnline(api, car(), 45_000);
  }, 90_000);

  afterAll(async () => {
    await api?.stopWithAgents();
    await services?.dispose();
  }, 60_000);

  it('lists the seeded Solution and SolutionVersions', async () => {
    const solutions = await api.request<SymphonySolution[]>(
      'GET',
      '/v1alpha2/solutions',
    );
    const versions = await api.request<SymphonySolutionVersion[]>(
      'GET',
      '/v1alpha2/solutionversions',
    );
    const one = await api.request<SymphonySolutionVersion>(
      'GET',
      '/v1alpha2/solutionversions/fleet-v-1.2.4',
    );

    expect(solutions.status).toBe(200);
    expect(solutions.body.map((s) => s.metadata.name)).toEqual(['fleet']);
    expect(versions.body.map((v) => v.metadata.name)).toEqual(
      expect.arrayContaining([
        'fleet-v-1.2.3',
        'fleet-v-1.2.4',
        'fleet-v-1.3.0',
      ]),
    );
    expect(one.body).toMatchObject({
      metadata: { name: 'fleet-v-1.2.4', objGeneraion: 1 },
      spec: { rootResource: 'fleet', version: '1.2.4' },
    });
    expect(
      (await api.request('GET', '/v1alpha2/solutionversions/fleet-v-0.0.0'))
        .status,
    ).toBe(404);
  });

  it('lists each car’s Target, bound to the car’s own MQTT topics', async () => {
    const targets = await api.request<SymphonyTarget[]>(
      'GET',
      '/v1alpha2/targets/registry',
    );
    const target = await api.request<SymphonyTarget>(
      'GET',
      `/v1alpha2/targets/registry/car-${car()}`,
    );

    expect(targets.body.map((t) => t.metadata.name)).toContain(`car-${car()}`);
    expect(target.body.spec.topologies?.[0].bindings?.[0]).toMatchObject({
      role: 'ankaios-workload',
      provider: 'providers.target.mqtt',
      config: {
        requestTopic: `symphony/car-${car()}/request`,
        responseTopic: `symphony/car-${car()}/response`,
      },
    });
  });

  it('creates a version and an instance of it; the version cannot be deleted while the instance uses it', async () => {
    expect(
      (
        await api.request(
          'POST',
          '/v1alpha2/solutionversions/fleet-v-9.0.0',
          version('9.0.0'),
        )
      ).status,
    ).toBe(200);
    const body: SymphonyInstance = {
      metadata: { name: instance() },
      spec: { solution: 'fleet:9.0.0', target: { name: `car-${car()}` } },
    };
    expect(
      (await api.request('POST', `/v1alpha2/instances/${instance()}`, body))
        .status,
    ).toBe(200);
    const stored = await api.request<SymphonyInstance>(
      'GET',
      `/v1alpha2/instances/${instance()}`,
    );
    expect(stored.body).toMatchObject({
      metadata: { name: instance(), namespace: 'default', objGeneraion: 1 },
      spec: { solution: 'fleet:9.0.0' },
    });

    // The instance deploys 9.0.0 to the car; wait for its summary before removing it.
    await waitFor(
      'the deployment of 9.0.0',
      async () =>
        (
          await api.request<{ state: number }>(
            'GET',
            `/v1alpha2/solutionversion/queue?instance=${instance()}`,
          )
        ).body?.state === 2,
      45_000,
      250,
    );
    const inUse = await api.request<string>(
      'DELETE',
      '/v1alpha2/solutionversions/fleet-v-9.0.0',
    );
    expect(inUse.status).toBe(409);
    expect(inUse.body).toMatch(/^Conflict: .*Deletion is not allowed/);

    expect(
      (await api.request('DELETE', `/v1alpha2/instances/${instance()}`)).status,
    ).toBe(200);
    expect(
      (await api.request('GET', `/v1alpha2/instances/${instance()}`)).status,
    ).toBe(404);
    expect(
      (await api.request('DELETE', '/v1alpha2/solutionversions/fleet-v-9.0.0'))
        .status,
    ).toBe(200);
    expect(
      (await api.request('GET', '/v1alpha2/solutionversions/fleet-v-9.0.0'))
        .status,
    ).toBe(404);
  });

  it('answers invalid objects with 400 and Symphony’s validation messages', async () => {
    const badName = await api.request<string>(
      'POST',
      '/v1alpha2/solutionversions/fleet-9.1.0',
      { spec: { rootResource: 'fleet', version: '9.1.0' } },
    );
    const noSolution = await api.request<string>(
      'POST',
      `/v1alpha2/instances/${instance()}`,
      { spec: { solution: 'fleet:0.0.1', target: { name: `car-${car()}` } } },
    );

    expect(badName.status).toBe(400);
    expect(badName.headers.get('content-type')).toContain('text/plain');
    expect(badName.body).toMatch(/^Bad Request: /);
    expect(badName.body).toContain(
      "name should be in the format '<rootResource>-v-<version>'",
    );
    expect(noSolution.status).toBe(400);
    expect(noSolution.body).toContain('solution does not exist');
  });

  it('stores campaigns, campaign versions and activations', async () => {
    const stages = {
      munich: {
        provider: 'providers.stage.materialize',
        stageSelector: 'berlin',
      },
      berlin: { provider: 'providers.stage.materialize' },
    };
    expect(
      (await api.request('POST', '/v1alpha2/campaigns/rollout', { spec: {} }))
        .status,
    ).toBe(200);
    expect(
      (
        await api.request('POST', '/v1alpha2/campaignversions/rollout-v-1', {
          spec: { firstStage: 'munich', selfDriving: true, stages },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await api.request('POST', '/v1alpha2/activations/registry/go', {
          spec: { campaign: 'rollout:1', stage: 'munich' },
        })
      ).status,
    ).toBe(200);

    const activations = await api.request<{ metadata: { name: string } }[]>(
      'GET',
      '/v1alpha2/activations/registry',
    );
    expect(activations.body.map((a) => a.metadata.name)).toEqual(['go']);
    expect(
      (await api.request('GET', '/v1alpha2/campaignversions/rollout-v-1')).body,
    ).toMatchObject({ spec: { rootResource: 'rollout', version: '1' } });
  });

  it('answers the deployment summary query: 400 without an instance, 404 before a deployment', async () => {
    const noInstance = await api.request(
      'GET',
      '/v1alpha2/solutionversion/queue',
    );
    expect(noInstance.status).toBe(400);
    expect(noInstance.body).toEqual({
      result: '400 - instance parameter is not found',
    });
    expect(
      (
        await api.request(
          'GET',
          '/v1alpha2/solutionversion/queue?instance=nope',
        )
      ).status,
    ).toBe(404);
  });

  it('keeps the /v1alpha2 routes behind authentication, refusing in Symphony’s plain text', async () => {
    const refused = await api.request<string>(
      'GET',
      '/v1alpha2/solutions',
      undefined,
      { token: null },
    );
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toContain('text/plain');
    expect(refused.body).toMatch(/^Unauthorized: /);
  });

  it('answers a route Symphony does not have, and a failed users/auth, in Symphony’s plain text; /api keeps JSON', async () => {
    const unknownRoute = await api.request<string>(
      'GET',
      '/v1alpha2/no-such-route',
    );
    const badLogin = await api.request<string>(
      'POST',
      '/v1alpha2/users/auth',
      { username: 'e2e-admin', password: 'not-the-password' },
      { token: null },
    );
    const unknownApi = await api.request<{ statusCode: number }>(
      'GET',
      '/api/no-such-route',
    );

    expect(unknownRoute.status).toBe(404);
    expect(unknownRoute.headers.get('content-type')).toContain('text/plain');
    expect(unknownRoute.body).toMatch(/^Not Found: /);
    expect(badLogin.status).toBeGreaterThanOrEqual(400);
    expect(badLogin.headers.get('content-type')).toContain('text/plain');
    expect(unknownApi.status).toBe(404);
    expect(unknownApi.body).toMatchObject({ statusCode: 404 });
  });
});
