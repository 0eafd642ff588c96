import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleLogger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { CarTopics } from '@fleet/shared/contracts';
import type {
  ApiError,
  CarView,
  HealthReport,
  LoginResponse,
} from '@fleet/shared/contracts';
import { connectAsync, MqttClient } from 'mqtt';
import {
  helloMessage,
  statusMessage,
  vehicleTelemetry,
} from '../../testing/factories';
import { FakeSpawner } from '../../testing/fake-spawner';
import { ProcessSpawner } from '../ankaios/process-spawner';
import { loadConfig } from '../config/load-config';
import { AppFactory, FleetApp, startFleetApp } from './start-fleet-app';

/** The hybrid app in-process: embedded aedes on a free port, a SQLite file, agents replaced by a fake spawner. */
describe(startFleetApp.name, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'fleet-api-it-'));
  const spawner = new FakeSpawner();
  let fleet: FleetApp;
  let mqtt: MqttClient;
  let token: string;

  const createApp: AppFactory = async (module, logger) => {
    const moduleRef = await Test.createTestingModule({ imports: [module] })
      .overrideProvider(ProcessSpawner)
      .useValue(spawner)
      .compile();
    return moduleRef.createNestApplication<NestExpressApplication>({ logger });
  };

  /** As the admin unless `as` gives another token (null: none). */
  async function request<T>(
    method: string,
    path: string,
    body?: unknown,
    as: string | null = token,
  ): Promise<{ status: number; body: T }> {
    const res = await fetch(`${fleet.url}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(as === null ? {} : { authorization: `Bearer ${as}` }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(5000),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: (text ? JSON.parse(text) : undefined) as T,
    };
  }

  async function waitFor<T>(
    what: string,
    probe: () => Promise<T | undefined>,
    timeoutMs = 5000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const value = await probe();
      if (value !== undefined) return value;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  beforeAll(async () => {
    const config = loadConfig(
      {
        PORT: '0',
        MQTT_PORT: '0',
        DEMO_FLEET: '',
        DATA_DIR: dataDir,
        ADMIN_USERNAME: 'it-admin',
        ADMIN_PASSWORD: 'it-admin-password',
        MQTT_PASSWORD: 'it-mqtt-password',
      },
      join(dataDir, 'dist/apps/api'),
      dataDir,
    );
    fleet = await startFleetApp(
      config,
      new ConsoleLogger({ logLevels: ['error', 'fatal'] }),
      createApp,
    );
    mqtt = await connectAsync(fleet.brokerUrl, {
      clientId: 'fleet-api-it',
      // The embedded broker's default is password authentication; this client acts as the API.
      username: 'fleet-api',
      password: 'it-mqtt-password',
      reconnectPeriod: 0,
    });
    const login = await request<LoginResponse>(
      'POST',
      '/api/auth/login',
      { username: 'it-admin', password: 'it-admin-password' },
      null,
    );
    token = login.body.accessToken;
  }, 30_000);

  afterAll(async () => {
    await mqtt?.endAsync();
    await fleet?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it('creates a car: 201, starting, its agent spawned', async () => {
    const created = await request<CarView>('POST', '/api/cars', {
      region: 'munich',
      name: 'it-1',
    });

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: 'it-1',
      region: 'munich',
      connection: 'starting',
      target: 'car-it-1',
    });
    expect(spawner.latest('it-1')?.command.args).toEqual(
      expect.arrayContaining([
        '--name',
        'it-1',
        '--server-url',
        fleet.brokerUrl,
      ]),
    );
  });

  it('shows the car online and driving once its agent reports over MQTT', async () => {
    await mqtt.publishAsync(
      CarTopics.status('it-1'),
      JSON.stringify(statusMessage('it-1')),
      { qos: 1, retain: true },
    );
    await mqtt.publishAsync(
      CarTopics.hello('it-1'),
      JSON.stringify(helloMessage('it-1', { pid: 5150 })),
      { qos: 1 },
    );
    await mqtt.publishAsync(
      CarTopics.vehicle('it-1'),
      JSON.stringify(vehicleTelemetry({ speedKmh: 64 })),
      { qos: 1 },
    );

    const car = await waitFor('the car online', async () => {
      const { body } = await request<CarView>('GET', '/api/cars/it-1');
      return body.connection === 'online' && body.speedKmh === 64
        ? body
        : undefined;
    });
    expect(car).toMatchObject({
      pid: 5150,
      vehicleState: 'driving',
      display: 'ok',
    });
    // A request the guard refuses is timed too, under its route.
    expect((await fetch(`${fleet.url}/api/cars/it-1`)).status).toBe(401);
    // The three reports, counted once each by the MQTT transport, as car reports.
    const metrics = await fetch(`${fleet.url}/metrics`, {
      headers: { authorization: `Bearer ${token}` },
    }).then((res) => res.text());
    const received =
      /^fleet_mqtt_messages_total\{direction="in",family="cars"\} (\d+)$/m.exec(
        metrics,
      );
    expect(Number(received?.[1])).toBeGreaterThanOrEqual(3);
    // Creating the car read its Target (not there yet): a Symphony object read, counted by where it was answered.
    const reads = ['memory', 'database'].map((source) =>
      Number(
        new RegExp(
          `^fleet_symphony_object_reads_total\\{source="${source}"\\} (\\d+)$`,
          'm',
        ).exec(metrics)?.[1],
      ),
    );
    expect(reads[0] + reads[1]).toBeGreaterThanOrEqual(1);
    // The event loop's delay, sampled every 20 ms since the app started (seconds ago).
    const loopSamples = /^fleet_event_loop_delay_seconds_count (\d+)$/m.exec(
      metrics,
    );
    expect(Number(loopSamples?.[1])).toBeGreaterThan(0);
    expect(metrics).toContain(
      '# TYPE fleet_event_loop_delay_seconds histogram',
    );
    // HTTP latency by route pattern and status class: the reads of the car above, and the refused one.
    const timed = (status: string) =>
      Number(
        new RegExp(
          `^fleet_http_request_duration_seconds_count\\{method="GET",route="/api/cars/:id",status="${status}"\\} (\\d+)$`,
          'm',
        ).exec(metrics)?.[1],
      );
    expect(timed('2xx')).toBeGreaterThanOrEqual(1);
    expect(timed('4xx')).toBe(1);
    // Nothing is owed: every reason is there, at 0.
    for (const reason of ['sent', 'park', 'unsent'])
      expect(metrics).toContain(`fleet_updates_owed{reason="${reason}"} 0`);
    // Creating the car wrote its Symphony Target through the group commit: at least one commit, each with at
    // least one statement; the queue's length is a gauge.
    const counted = (name: string) =>
      Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(metrics)?.[1]);
    const commits = counted('fleet_db_group_commits_total');
    expect(commits).toBeGreaterThanOrEqual(1);
    expect(counted('fleet_db_group_statements_total')).toBeGreaterThanOrEqual(
      commits,
    );
    expect(metrics).toContain('# TYPE fleet_db_group_writes_pending gauge');
    // One replica claims nothing.
    for (const result of ['taken', 'refused', 'failed'])
      expect(metrics).toContain(
        `fleet_deployment_claims_total{result="${result}"} 0`,
      );
  });

  it('answers bad input with 400 naming the field', async () => {
    const badRegion = await request<ApiError>('POST', '/api/cars', {
      region: 'Not A Region',
    });
    const extraField = await request<ApiError>('POST', '/api/cars', {
      region: 'munich',
      colour: 'red',
    });
    const badPage = await request<ApiError>('GET', '/api/cars?pageSize=501');

    expect(badRegion.status).toBe(400);
    expect(JSON.stringify(badRegion.body.message)).toContain('region');
    expect(badRegion.body.correlationId).toEqual(expect.any(String));
    expect(JSON.stringify(extraField.body.message)).toContain('colour');
    expect(badPage.status).toBe(400);
    expect(JSON.stringify(badPage.body.message)).toContain('pageSize');
  });

  it('answers 404 for an unknown car and 409 for a duplicate name', async () => {
    expect((await request('GET', '/api/cars/no-such-car')).status).toBe(404);
    expect((await request('DELETE', '/api/cars/no-such-car')).status).toBe(404);
    expect(
      (await request('POST', '/api/cars', { region: 'berlin', name: 'it-1' }))
        .status,
    ).toBe(409);
  });

  it('refuses requests without a valid token with 401 and the correlation id', async () => {
    const none = await request<ApiError>('GET', '/api/cars', undefined, null);
    const bad = await request<ApiError>('GET', '/api/cars', undefined, 'x.y.z');

    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({
      statusCode: 401,
      message: 'Authentication required',
      correlationId: expect.any(String),
    });
    expect(bad.status).toBe(401);
    expect(bad.body.message).toBe('Invalid token');
  });

  it('lists its operations in /api/docs-json, behind the bearer and API-key schemes', async () => {
    const { status, body } = await request<{
      security: unknown;
      components: { securitySchemes: Record<string, unknown> };
      paths: Record<
        string,
        Record<string, { operationId: string; security?: unknown }>
      >;
    }>('GET', '/api/docs-json', undefined, null);

    const operations = Object.values(body.paths).flatMap((methods) =>
      Object.values(methods),
    );
    const open = operations
      .filter((op) => JSON.stringify(op.security) === '[{}]')
      .map((op) => op.operationId);
    expect(status).toBe(200);
    // Others add operations in parallel; these are the ones this suite drives.
    expect(operations.map((op) => op.operationId)).toEqual(
      expect.arrayContaining([
        'createCar',
        'createCars',
        'deleteCar',
        'getCar',
        'getCarStatus',
        'getHealth',
        'listCars',
        'setVehicleState',
        'login',
        'getCurrentUser',
        'listUsers',
        'createUser',
        'updateUser',
        'deleteUser',
        'listApiKeys',
        'createApiKey',
        'deleteApiKey',
        'listAuditEntries',
        'authenticateSymphonyUser',
        'getSymphonyGreeting',
      ]),
    );
    expect(body.security).toEqual([{ bearer: [] }, { 'api-key': [] }]);
    expect(Object.keys(body.components.securitySchemes).sort()).toEqual([
      'api-key',
      'bearer',
    ]);
    expect(open.sort()).toEqual(
      [
        'authenticateSymphonyUser',
        'getHealth',
        'getSymphonyGreeting',
        'login',
      ].sort(),
    );
  });

  it('reports itself ready', async () => {
    const { status, body } = await request<HealthReport>('GET', '/api/health');

    expect(status).toBe(200);
    expect(body).toMatchObject({
      ready: true,
      components: {
        broker: { status: 'up', embedded: true },
        database: { status: 'up', type: 'sqlite' },
      },
    });
  });

  it('deletes a car: its agent is stopped and the car is gone', async () => {
    const agent = spawner.latest('it-1');

    expect((await request('DELETE', '/api/cars/it-1')).status).toBe(204);

    expect(agent?.alive).toBe(false);
    expect((await request('GET', '/api/cars/it-1')).status).toBe(404);
  });
});
