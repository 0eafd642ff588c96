import type { CarView, HealthReport, ServerToClientListeners } from '@fleet/shared/contracts';
import { CarTopics, REALTIME_PATH } from '@fleet/shared/contracts';
import { connect as mqttConnect } from 'mqtt';
import { io, Socket } from 'socket.io-client';
import { ApiProcess, TestServices, agentProcesses, getCar, isAlive, listCars, testServices, waitFor, waitOnline } from '@fleet/e2e/support';

describe('fleet: real API process, broker, database and car-agent processes', () => {
  let services: TestServices;
  let api: ApiProcess;
  const name = (suffix: string) => `e2e-${services.runId}-${suffix}`;

  beforeAll(async () => {
    services = await testServices();
    api = new ApiProcess({ mqttUrl: services.mqttUrl, databaseUrl: services.databaseUrl });
    await api.start('cars');
  }, 60_000);

  afterAll(async () => {
    await api?.stopWithAgents();
    await services?.dispose();
  }, 60_000);

  it('runs against the broker and database this run asked for', async () => {
    const health = await api.request<HealthReport>('GET', '/api/health');
    expect(health.status).toBe(200);
    expect(health.body.components.broker.embedded).toBe(!services.mqttUrl);
    expect(health.body.components.database.type).toBe(services.databaseUrl ? 'postgres' : 'sqlite');
  });

  it('creates cars whose agents come online over MQTT as real child processes', async () => {
    const created = await api.request<CarView>('POST', '/api/cars', { region: 'munich', name: name('a') });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: name('a'), region: 'munich', vehicleState: 'parked' });

    const batch = await api.request<CarView[]>('POST', '/api/cars/batch', { region: 'berlin', count: 2 });
    expect(batch.status).toBe(201);
    expect(batch.body).toHaveLength(2);
    const ids = [name('a'), ...batch.body.map((c) => c.id)];

    const online = await Promise.all(ids.map((id) => waitOnline(api, id)));
    for (const car of online) {
      expect(car.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(car.pid).toBeGreaterThan(0);
    }
    const running = agentProcesses(api.dataDir).map((p) => p.name);
    expect(running.sort()).toEqual([...ids].sort());
  });

  it('pages and filters the car list', async () => {
    const berlin = await listCars(api, '?region=berlin');
    expect(berlin.total).toBe(2);
    expect(berlin.items.every((c) => c.region === 'berlin')).toBe(true);

    const firstPage = await listCars(api, '?pageSize=2&page=1');
    const secondPage = await listCars(api, '?pageSize=2&page=2');
    expect(firstPage.total).toBe(3);
    expect(firstPage.items).toHaveLength(2);
    expect(secondPage.items).toHaveLength(1);
    expect(secondPage.items[0].id).not.toBe(firstPage.items[0].id);

    const bySearch = await listCars(api, `?search=${name('a')}`);
    expect(bySearch.items.map((c) => c.id)).toEqual([name('a')]);
  });

  it('sends parked/driving to the car, which changes and reports back', async () => {
    const driving = await api.request<CarView>('PUT', `/api/cars/${name('a')}/state`, { state: 'driving' });
    expect(driving.status).toBe(200);
    expect(driving.body.vehicleState).toBe('driving');
    // The speed comes only from the car's own telemetry.
    await waitFor('driving telemetry', async () => ((await getCar(api, name('a')))?.speedKmh ?? 0) > 0);
    expect((await listCars(api, '?status=ok')).items.map((c) => c.id)).toContain(name('a'));

    const parked = await api.request<CarView>('PUT', `/api/cars/${name('a')}/state`, { state: 'parked' });
    expect(parked.body.vehicleState).toBe('parked');
    await waitFor('parked telemetry', async () => (await getCar(api, name('a')))?.speedKmh === 0);
  });

  it('answers bad input with 400 naming the field, unknown ids with 404 and duplicates with 409', async () => {
    const badRegion = await api.request<{ message: string[] }>('POST', '/api/cars', { region: 'Not A Region' });
    expect(badRegion.status).toBe(400);
    expect(JSON.stringify(badRegion.body.message)).toContain('region');

    const badName = await api.request('POST', '/api/cars', { region: 'munich', name: 'bad name!' });
    expect(badName.status).toBe(400);
    expect(JSON.stringify(badName.body)).toContain('name');

    const badState = await api.request('PUT', `/api/cars/${name('a')}/state`, { state: 'flying' });
    expect(badState.status).toBe(400);
    expect(JSON.stringify(badState.body)).toContain('state');

    expect((await api.request('GET', '/api/cars/no-such-car')).status).toBe(404);
    expect((await api.request('DELETE', '/api/cars/no-such-car')).status).toBe(404);
    expect((await api.request('POST', '/api/cars', { region: 'munich', name: name('a') })).status).toBe(409);
    expect((await listCars(api)).total).toBe(3);
  });

  it('pushes car changes to WebSocket clients, aggregated', async () => {
    const socket: Socket<ServerToClientListeners> = io(api.baseUrl, { path: REALTIME_PATH, transports: ['websocket'], auth: { token: api.token } });
    const seen: CarView[][] = [];
    socket.on('cars.changed', ({ cars }) => seen.push(cars));
    try {
      await waitFor('socket connected', () => socket.connected);
      await api.request('PUT', `/api/cars/${name('a')}/state`, { state: 'driving' });
      await waitFor('a cars.changed event showing the car driving', () =>
        seen.some((batch) => batch.some((c) => c.id === name('a') && c.vehicleState === 'driving')),
      );
      await api.request('PUT', `/api/cars/${name('a')}/state`, { state: 'parked' });
    } finally {
      socket.close();
    }
  });

  it('shows a SIGKILLed agent as crashed and respawns it', async () => {
    const before = agentProcesses(api.dataDir).find((p) => p.name === name('a'));
    expect(before).toBeDefined();
    process.kill(before!.pid, 'SIGKILL');
    const respawned = await waitFor('a new agent process', () => {
      const now = agentProcesses(api.dataDir).find((p) => p.name === name('a'));
      return now && now.pid !== before!.pid ? now : undefined;
    });
    const car = await waitOnline(api, name('a'));
    expect(car.pid).toBe(respawned.pid);
    expect(car.restarts).toBeGreaterThanOrEqual(1);
    expect(isAlive(before!.pid)).toBe(false);
  });

  it('drops malformed MQTT payloads and keeps running', async () => {
    const client = mqttConnect(api.brokerUrl, { ...api.mqttOptions(), clientId: `e2e-garbage-${services.runId}`, reconnectPeriod: 0 });
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
    });
    const id = name('a');
    const junk = ['not json', '{"state": 5}', '[]', 'null', '{"online": "yes"}', '{"workloadStates": 7}'];
    for (const topic of [CarTopics.vehicle(id), CarTopics.status(id), CarTopics.hello(id), CarTopics.workloadStates(id), CarTopics.load(id), CarTopics.logs(id), CarTopics.commandResponse(id)]) {
      for (const payload of junk) await client.publishAsync(topic, payload);
    }
    await client.endAsync();
    expect((await api.request('GET', '/api/health')).status).toBe(200);
    const car = await waitOnline(api, id);
    expect(['parked', 'driving']).toContain(car.vehicleState);
  });

  it('deletes a car: its process ends and the car is gone', async () => {
    const target = agentProcesses(api.dataDir).find((p) => p.name === name('a'));
    expect((await api.request('DELETE', `/api/cars/${name('a')}`)).status).toBe(204);
    expect(isAlive(target!.pid)).toBe(false);
    expect((await api.request('GET', `/api/cars/${name('a')}`)).status).toBe(404);
    expect(agentProcesses(api.dataDir).map((p) => p.name)).not.toContain(name('a'));
    expect((await listCars(api)).total).toBe(2);
  });

  it('stops every agent on SIGTERM and brings the persisted cars back on restart', async () => {
    const ids = (await listCars(api)).items.map((c) => c.id);
    expect(await api.stop('SIGTERM')).toBe(0);
    expect(agentProcesses(api.dataDir)).toEqual([]);

    await api.start('cars-restarted');
    const back = await listCars(api);
    expect(back.items.map((c) => c.id).sort()).toEqual([...ids].sort());
    await Promise.all(ids.map((id) => waitOnline(api, id)));
    expect(agentProcesses(api.dataDir).map((p) => p.name).sort()).toEqual([...ids].sort());
  });

  it('leaves no agent behind when the API is killed with SIGKILL', async () => {
    expect(agentProcesses(api.dataDir).length).toBe(2);
    await api.stop('SIGKILL');
    await waitFor('every agent to exit', () => agentProcesses(api.dataDir).length === 0, 10_000);
  });
});
