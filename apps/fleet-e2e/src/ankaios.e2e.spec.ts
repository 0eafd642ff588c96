import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import {
  createServer,
  connect as tcpConnect,
  Server,
  Socket as TcpSocket,
} from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  Ack,
  ApiError,
  CarView,
  ClientToServerListeners,
  CarWorkloadDetail,
  CompleteState,
  FaultRuleSet,
  FleetCompleteState,
  LogLine,
  ManifestResponse,
  Page,
  SdkCompleteState,
  ServerToClientListeners,
} from '@fleet/shared/contracts';
import {
  FleetConnectorTopics,
  MAX_PAGE_SIZE,
  REALTIME_PATH,
} from '@fleet/shared/contracts';
import { connectAsync, MqttClient } from 'mqtt';
import { io, Socket } from 'socket.io-client';
import {
  ApiProcess,
  TestServices,
  WORKSPACE,
  agentProcesses,
  freePort,
  getCar,
  isAlive,
  testServices,
  waitFor,
  waitOnline,
} from '@fleet/e2e/support';

/**
 * A TCP relay between the agents and the broker that can cut one car's connection the way a network does:
 * the broker sees the socket close (and publishes the car's last will at once), and the car's reconnects are
 * dropped until the cut is lifted. The agent process itself keeps running, as an Ankaios agent does.
 */
class CutRelay {
  private readonly links = new Set<{ car: string; sockets: TcpSocket[] }>();
  private readonly cut = new Set<string>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(
    target: () => { host: string; port: number },
  ): Promise<CutRelay> {
    const server = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) =>
      server.listen(port, '127.0.0.1', resolve),
    );
    const relay = new CutRelay(server, port);
    server.on('connection', (client) => relay.relay(client, target()));
    return relay;
  }

  cutOff(car: string): void {
    this.cut.add(car);
    for (const link of this.links)
      if (link.car === car) link.sockets.forEach((s) => s.destroy());
  }

  restore(car: string): void {
    this.cut.delete(car);
  }

  async close(): Promise<void> {
    for (const link of this.links) link.sockets.forEach((s) => s.destroy());
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private relay(
    client: TcpSocket,
    target: { host: string; port: number },
  ): void {
    client.on('error', () => undefined);
    // The CONNECT packet carries the car's will topic `fleet/cars/<car>/status`: that names the car.
    client.once('data', (first: Buffer) => {
      const car =
        /fleet\/cars\/([a-zA-Z0-9_-]+)\/status/.exec(
          first.toString('latin1'),
        )?.[1] ?? '';
      if (this.cut.has(car)) return client.destroy();
      const upstream = tcpConnect(target.port, target.host);
      const link = { car, sockets: [client, upstream] };
      this.links.add(link);
      upstream.on('error', () => undefined);
      const end = () => {
        this.links.delete(link);
        link.sockets.forEach((s) => s.destroy());
      };
      client.on('close', end);
      upstream.on('close', end);
      upstream.write(first);
      client.pipe(upstream);
      upstream.pipe(client);
    });
  }
}

const manifest = (
  car: string,
  workloads: Record<string, string>,
  restartPolicy = 'NEVER',
) =>
  [
    'apiVersion: v1',
    'workloads:',
    ...Object.entries(workloads).flatMap(([name, image]) => [
      `  ${name}:`,
      '    runtime: podman',
      `    agent: ${car}`,
      `    restartPolicy: ${restartPolicy}`,
      '    runtimeConfig: |',
      `      image: ${image}`,
    ]),
    '',
  ].join('\n');

describe('ankaios: fleet state, manifests, fleet connector, disconnects, faults and logs', () => {
  let services: TestServices;
  let api: ApiProcess;
  let relay: CutRelay;
  const name = (suffix: string) => `e2e-${services.runId}-${suffix}`;
  const image = (what: string) =>
    `registry.example/e2e-${services.runId}/${what}:1.0.0`;

  /** YAML needs its own content type; `api.request` sends JSON. */
  async function sendManifest(
    method: 'POST' | 'DELETE',
    car: string,
    yaml: string,
  ) {
    const res = await fetch(`${api.baseUrl}/api/cars/${car}/manifest`, {
      method,
      headers: {
        'content-type': 'application/yaml',
        authorization: `Bearer ${api.token}`,
      },
      body: yaml,
      signal: AbortSignal.timeout(30_000),
    });
    return {
      status: res.status,
      body: (await res.json()) as ManifestResponse & { message?: string },
    };
  }

  async function workloads(car: string): Promise<CarWorkloadDetail[]> {
    const res = await api.request<CarWorkloadDetail[]>(
      'GET',
      `/api/cars/${car}/workloads`,
    );
    if (res.status !== 200)
      throw new Error(`workloads of ${car} answered ${res.status}`);
    return res.body;
  }

  const displayOf = async (car: string, workload: string) =>
    (await workloads(car)).find((w) => w.name === workload)?.display;

  beforeAll(async () => {
    services = await testServices();
    const brokerPort = services.mqttUrl
      ? Number(new URL(services.mqttUrl).port || 1883)
      : await freePort();
    const brokerHost = services.mqttUrl
      ? new URL(services.mqttUrl).hostname
      : '127.0.0.1';
    relay = await CutRelay.start(() => ({
      host: brokerHost,
      port: brokerPort,
    }));
    api = new ApiProcess({
      mqttUrl: services.mqttUrl,
      databaseUrl: services.databaseUrl,
      extraEnv: {
        // The agents reach the broker through the relay (the last --server-url wins); the API connects directly.
        AGENT_ARGS: `--sim-speed 20 --server-url mqtt://127.0.0.1:${relay.port}`,
        // This suite tests Ankaios semantics with a plain MQTT client, not broker security.
        MQTT_SECURITY: 'none',
      },
    });
    api.mqttPort = brokerPort;
    await api.start('ankaios');
    for (const suffix of ['a', 'b']) {
      const created = await api.request('POST', '/api/cars', {
        region: 'munich',
        name: name(suffix),
      });
      expect(created.status).toBe(201);
    }
    await Promise.all(['a', 'b'].map((s) => waitOnline(api, name(s))));
  }, 90_000);

  afterAll(async () => {
    await api
      ?.request('PUT', '/api/simulation/faults', [])
      .catch(() => undefined);
    await api?.stopWithAgents();
    await relay?.close();
    await services?.dispose();
  }, 60_000);

  it('serves the fleet’s CompleteState, masks with `*` honoured, desired workloads keyed by agent', async () => {
    const [a, b] = [name('a'), name('b')];
    await waitFor('the desired states from polling', async () => {
      const res = await api.request<FleetCompleteState>(
        'GET',
        '/api/ankaios/state?mask=desiredState',
      );
      return (
        res.body.desiredState?.workloads[a] &&
        res.body.desiredState.workloads[b]
      );
    });

    const fleet = await api.request<FleetCompleteState>(
      'GET',
      '/api/ankaios/state',
    );
    expect(fleet.status).toBe(200);
    expect(fleet.body.desiredState.workloads[a]['telematics'].agent).toBe(a);
    expect(
      Object.values(fleet.body.workloadStates[b]['telematics'])[0],
    ).toEqual({
      state: 'Running',
      subState: 'Ok',
      additionalInfo: '',
    });
    expect(fleet.body.agents[a].tags).toMatchObject({ region: 'munich' });

    const telematics = await api.request<Partial<FleetCompleteState>>(
      'GET',
      '/api/ankaios/state?mask=workloadStates.*.telematics',
    );
    expect(Object.keys(telematics.body)).toEqual(['workloadStates']);
    for (const car of [a, b])
      expect(Object.keys(telematics.body.workloadStates?.[car] ?? {})).toEqual([
        'telematics',
      ]);

    const mixed = await api.request<Partial<FleetCompleteState>>(
      'GET',
      `/api/ankaios/state?mask=desiredState.workloads.${a}.adas&mask=agents.${b}`,
    );
    expect(mixed.body).toEqual({
      desiredState: {
        apiVersion: 'v1',
        workloads: { [a]: { adas: expect.objectContaining({ agent: a }) } },
      },
      agents: { [b]: expect.objectContaining({ status: expect.any(Object) }) },
    });

    const own = await api.request<Partial<CompleteState>>(
      'GET',
      `/api/ankaios/state?agent=${a}&mask=desiredState.workloads.adas`,
    );
    expect(own.body).toEqual({
      desiredState: {
        apiVersion: 'v1',
        workloads: {
          adas: expect.objectContaining({
            dependencies: { telematics: 'ADD_COND_RUNNING' },
          }),
        },
      },
    });

    expect(
      (await api.request('GET', '/api/ankaios/state?mask=a..b')).status,
    ).toBe(400);
    expect(
      (await api.request('GET', '/api/ankaios/state?agent=no-such-car')).status,
    ).toBe(404);
  });

  it('pages the fleet state over agents by name, paging in X-Total-Count and Link headers, and refuses pageSize=0', async () => {
    const cars = await api.request<Page<CarView>>(
      'GET',
      `/api/cars?region=munich&pageSize=${MAX_PAGE_SIZE}`,
    );
    const ids = cars.body.items.map((car) => car.id).sort();
    expect(ids.length).toBeGreaterThanOrEqual(2);
    const agentsOf = (state: Partial<FleetCompleteState>) => [
      ...new Set([
        ...Object.keys(state.desiredState?.workloads ?? {}),
        ...Object.keys(state.workloadStates ?? {}),
        ...Object.keys(state.agents ?? {}),
      ]),
    ];

    const first = await api.request<FleetCompleteState>(
      'GET',
      '/api/ankaios/state?region=munich&pageSize=1',
    );
    const next = /<([^>]+)>; rel="next"/.exec(
      first.headers.get('link') ?? '',
    )?.[1];
    expect(next).toBe('/api/ankaios/state?region=munich&pageSize=1&page=2');
    const second = await api.request<FleetCompleteState>('GET', next ?? '');

    expect([first.status, second.status]).toEqual([200, 200]);
    expect(Object.keys(first.body)).toEqual([
      'desiredState',
      'workloadStates',
      'agents',
    ]);
    expect(agentsOf(first.body)).toEqual([ids[0]]);
    expect(agentsOf(second.body)).toEqual([ids[1]]);
    for (const page of [first, second])
      expect(page.headers.get('x-total-count')).toBe(String(cars.body.total));
    expect(second.headers.get('link')).toContain(
      '</api/ankaios/state?region=munich&pageSize=1&page=1>; rel="prev"',
    );

    const bad = await api.request<ApiError>(
      'GET',
      '/api/ankaios/state?pageSize=0',
    );
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.message)).toContain('pageSize');
  });

  it('applies a manifest: the new workload runs; deleting it removes it', async () => {
    const car = name('a');
    const yaml = manifest(car, { 'nav-e2e': image('nav') });

    const applied = await sendManifest('POST', car, yaml);
    expect(applied.status).toBe(200);
    expect(applied.body.added_workloads).toEqual([
      {
        agent_name: car,
        workload_name: 'nav-e2e',
        workload_id: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    ]);

    await waitFor(
      'nav-e2e running',
      async () => (await displayOf(car, 'nav-e2e')) === 'Running(Ok)',
    );
    await waitFor('its image from the polled desired state', async () =>
      (await workloads(car)).some(
        (w) =>
          w.name === 'nav-e2e' &&
          w.image === image('nav') &&
          w.version === '1.0.0',
      ),
    );

    const deleted = await sendManifest('DELETE', car, yaml);
    expect(deleted.status).toBe(200);
    expect(deleted.body.deleted_workloads.map((w) => w.workload_name)).toEqual([
      'nav-e2e',
    ]);
    await waitFor(
      'nav-e2e gone',
      async () => (await displayOf(car, 'nav-e2e')) === undefined,
    );
  });

  it('answers an invalid manifest with 400 and Ankaios’ message, an unknown car with 404', async () => {
    const car = name('a');
    const bad = await sendManifest(
      'POST',
      car,
      manifest(car, { 'bad-e2e': image('bad') }).replace('podman', 'docker'),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain("Unsupported runtime 'docker'");

    const version = await sendManifest(
      'POST',
      car,
      `apiVersion: v0.2\nworkloads:\n  x:\n    runtime: podman\n    agent: ${car}\n    runtimeConfig: "image: a:1"\n`,
    );
    expect(version.status).toBe(400);
    expect(version.body.message).toContain(
      "Unsupported API version. Received 'v0.2'",
    );

    expect(
      (
        await sendManifest(
          'POST',
          'no-such-car',
          manifest('no-such-car', { x: image('x') }),
        )
      ).status,
    ).toBe(404);
  });

  it('speaks the fleet-connector contract on the broker to any MQTT client', async () => {
    const car = name('b');
    const client: MqttClient = await connectAsync(api.brokerUrl, {
      clientId: `e2e-connector-${services.runId}`,
      reconnectPeriod: 0,
    });
    const answers: { topic: string; body: unknown }[] = [];
    client.on('message', (topic, payload) =>
      answers.push({ topic, body: JSON.parse(payload.toString()) }),
    );
    const answerOn = async <T>(topic: string, after: number): Promise<T> =>
      (
        await waitFor(`an answer on ${topic}`, () =>
          answers.slice(after).find((a) => a.topic === topic),
        )
      ).body as T;
    try {
      await client.subscribeAsync(
        [
          FleetConnectorTopics.applyResponse(car),
          FleetConnectorTopics.deleteResponse(car),
          FleetConnectorTopics.stateResponse(car),
        ],
        { qos: 1 },
      );
      const yaml = manifest(car, { 'plain-e2e': image('plain') });

      await client.publishAsync(FleetConnectorTopics.applyRequest(car), yaml, {
        qos: 1,
      });
      const applied = await answerOn<ManifestResponse>(
        FleetConnectorTopics.applyResponse(car),
        0,
      );
      expect(applied.added_workloads).toEqual([
        {
          agent_name: car,
          workload_name: 'plain-e2e',
          workload_id: expect.any(String),
        },
      ]);

      const running = await waitFor(
        'plain-e2e RUNNING in the SDK answer',
        async () => {
          const seen = answers.length;
          await client.publishAsync(
            FleetConnectorTopics.stateRequest(car),
            '["workloadStates"]',
            { qos: 1 },
          );
          const state = await answerOn<SdkCompleteState>(
            FleetConnectorTopics.stateResponse(car),
            seen,
          );
          const instance = Object.values(
            state.workload_states?.[car]?.['plain-e2e'] ?? {},
          )[0];
          return instance?.state === 'RUNNING'
            ? { state, instance }
            : undefined;
        },
      );
      expect(running.instance.substate).toBe('RUNNING_OK');
      expect(running.state.desired_state?.api_version).toBe('');
      await waitFor(
        'the API to mirror it',
        async () => (await displayOf(car, 'plain-e2e')) === 'Running(Ok)',
      );

      const seen = answers.length;
      await client.publishAsync(FleetConnectorTopics.deleteRequest(car), yaml, {
        qos: 1,
      });
      const deleted = await answerOn<ManifestResponse>(
        FleetConnectorTopics.deleteResponse(car),
        seen,
      );
      expect(deleted.deleted_workloads.map((w) => w.workload_name)).toEqual([
        'plain-e2e',
      ]);
    } finally {
      await client.endAsync();
    }
  });

  it('shows a car whose broker connection is cut as AgentDisconnected, and recovers when it is back', async () => {
    const car = name('a');
    const pid = (await getCar(api, car))?.pid;

    relay.cutOff(car);
    const cut = await waitFor('AgentDisconnected', async () => {
      const res = await api.request<CompleteState>(
        'GET',
        `/api/ankaios/state?agent=${car}`,
      );
      const states = Object.values(res.body.workloadStates[car] ?? {}).flatMap(
        (i) => Object.values(i),
      );
      return states.length > 0 &&
        states.every((s) => s.state === 'AgentDisconnected')
        ? res.body
        : undefined;
    });
    expect(cut.agents[car]).toBeUndefined();
    expect((await getCar(api, car))?.connection).toBe('offline');
    expect(
      (await sendManifest('POST', car, manifest(car, { late: image('late') })))
        .status,
    ).toBe(409);

    relay.restore(car);
    const back: CarView = await waitOnline(api, car);
    await waitFor('every workload running again', async () =>
      (await workloads(car)).every((w) => w.display === 'Running(Ok)'),
    );
    const state = await api.request<CompleteState>(
      'GET',
      `/api/ankaios/state?agent=${car}&mask=agents`,
    );
    expect(Object.keys(state.body.agents)).toEqual([car]);
    expect(back.pid).toBe(pid);
    expect(isAlive(pid ?? 0)).toBe(true);
  });

  it('injects faults: newly applied workloads end in Pending(StartingFailed) and Failed(ExecFailed)', async () => {
    const car = name('b');
    const rules = [
      {
        image: `registry.example/e2e-${services.runId}/failing:*`,
        fault: 'fail-start',
        probability: 1,
      },
      {
        image: `registry.example/e2e-${services.runId}/crashing:*`,
        fault: 'crash',
        probability: 1,
        afterSeconds: 1,
      },
    ];
    const put = await api.request<FaultRuleSet>(
      'PUT',
      '/api/simulation/faults',
      rules,
    );
    expect(put.status).toBe(200);
    expect(
      (await api.request<FaultRuleSet>('GET', '/api/simulation/faults')).body
        .rules,
    ).toEqual(rules);
    expect(
      (
        await api.request('PUT', '/api/simulation/faults', [
          { image: '*', fault: 'melt', probability: 1 },
        ])
      ).status,
    ).toBe(400);

    const yaml = manifest(car, {
      failing: image('failing'),
      crashing: image('crashing'),
    });
    expect((await sendManifest('POST', car, yaml)).status).toBe(200);
    try {
      await waitFor(
        'the failing start to give up',
        async () =>
          (await displayOf(car, 'failing')) === 'Pending(StartingFailed)',
      );
      await waitFor(
        'the crash',
        async () => (await displayOf(car, 'crashing')) === 'Failed(ExecFailed)',
      );
      expect(
        (await workloads(car)).find((w) => w.name === 'failing')?.health,
      ).toBe('unhealthy');
      expect(await displayOf(car, 'telematics')).toBe('Running(Ok)');
    } finally {
      await api.request('PUT', '/api/simulation/faults', []);
      await sendManifest('DELETE', car, yaml);
    }
  });

  it('streams a car’s log lines over the WebSocket and serves them over HTTP', async () => {
    const car = name('a');
    const socket: Socket<ServerToClientListeners, ClientToServerListeners> = io(
      api.baseUrl,
      {
        path: REALTIME_PATH,
        transports: ['websocket'],
        auth: { token: api.token },
      },
    );
    const lines: LogLine[] = [];
    socket.on('car.logs', (batch) => lines.push(...batch.lines));
    const yaml = manifest(car, { 'log-e2e': image('log') });
    try {
      await waitFor('socket connected', () => socket.connected);
      const ack = await new Promise<Ack>((resolve) =>
        socket.emit('logs.subscribe', { carId: car }, resolve),
      );
      expect(ack).toEqual({ ok: true });

      expect((await sendManifest('POST', car, yaml)).status).toBe(200);
      await waitFor('log lines of the new workload', () =>
        lines.some((l) => l.carId === car && l.workload === 'log-e2e'),
      );
    } finally {
      socket.close();
      await sendManifest('DELETE', car, yaml);
    }

    const tail = await api.request<LogLine[]>(
      'GET',
      `/api/cars/${car}/logs?tail=3&workload=log-e2e`,
    );
    expect(tail.status).toBe(200);
    expect(tail.body.length).toBeGreaterThan(0);
    expect(tail.body.length).toBeLessThanOrEqual(3);
    expect(tail.body.every((l) => l.workload === 'log-e2e')).toBe(true);
    expect(
      (await api.request('GET', `/api/cars/${car}/logs?tail=0`)).status,
    ).toBe(400);
  });

  it('refuses a second agent started with a connected car’s name; the first stays', async () => {
    const car = name('b');
    const before = await getCar(api, car);
    const runFolder = mkdtempSync(join(tmpdir(), 'fleet-e2e-dup-'));
    try {
      const duplicate = spawn(
        process.execPath,
        [
          join(WORKSPACE, 'dist/apps/car-agent/main.js'),
          '--name',
          car,
          '--server-url',
          api.brokerUrl,
          '--insecure',
          '--run-folder',
          runFolder,
        ],
        { stdio: 'ignore' },
      );
      const code = await new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => {
          duplicate.kill('SIGKILL');
          resolve(null);
        }, 20_000);
        duplicate.once('exit', (c) => {
          clearTimeout(timer);
          resolve(c);
        });
      });
      expect(code).toBe(3);
    } finally {
      rmSync(runFolder, { recursive: true, force: true });
    }
    const after = await waitOnline(api, car);
    expect(after.pid).toBe(before?.pid);
  });
});

describe('ankaios: AGENT_MODE=host runs every car inside one agent host process', () => {
  let services: TestServices;
  let api: ApiProcess;
  const name = (suffix: string) => `e2e-${services.runId}-${suffix}`;

  beforeAll(async () => {
    services = await testServices();
    api = new ApiProcess({
      mqttUrl: services.mqttUrl,
      databaseUrl: services.databaseUrl,
      // The host shares one set of connection flags, so cars cannot carry per-car broker credentials.
      extraEnv: { AGENT_MODE: 'host', MQTT_SECURITY: 'none' },
    });
    await api.start('ankaios-host');
  }, 60_000);

  afterAll(async () => {
    await api?.stopWithAgents();
    await services?.dispose();
  }, 60_000);

  it('brings cars online from one process, runs their manifests, removes one car and stops cleanly', async () => {
    const [a, b] = [name('ha'), name('hb')];
    for (const id of [a, b])
      expect(
        (await api.request('POST', '/api/cars', { region: 'berlin', name: id }))
          .status,
      ).toBe(201);
    const cars = await Promise.all([a, b].map((id) => waitOnline(api, id)));

    const hosts = agentProcesses(api.dataDir);
    expect(hosts).toHaveLength(1);
    expect(cars.map((c) => c.pid)).toEqual([hosts[0].pid, hosts[0].pid]);

    const res = await fetch(`${api.baseUrl}/api/cars/${a}/manifest`, {
      method: 'POST',
      headers: {
        'content-type': 'application/yaml',
        authorization: `Bearer ${api.token}`,
      },
      body: manifest(a, {
        'hosted-e2e': `registry.example/e2e-${services.runId}/hosted:1.0.0`,
      }),
    });
    expect(res.status).toBe(200);
    await waitFor('hosted-e2e running', async () => {
      const list = await api.request<CarWorkloadDetail[]>(
        'GET',
        `/api/cars/${a}/workloads`,
      );
      return list.body.some(
        (w) => w.name === 'hosted-e2e' && w.display === 'Running(Ok)',
      );
    });

    expect((await api.request('DELETE', `/api/cars/${b}`)).status).toBe(204);
    expect((await getCar(api, a))?.connection).toBe('online');
    expect(agentProcesses(api.dataDir).map((p) => p.pid)).toEqual([
      hosts[0].pid,
    ]);

    expect(await api.stop('SIGTERM')).toBe(0);
    await waitFor(
      'the host to end',
      () => agentProcesses(api.dataDir).length === 0,
      10_000,
    );
  });
});
