import type { AddressInfo } from 'node:net';
import {
  ConsoleLogger,
  MiddlewareConsumer,
  Module,
  NestModule,
} from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { FleetConnectorTopics } from '@fleet/shared/contracts';
import type { ApiError, LogLine } from '@fleet/shared/contracts';
import { ankaiosHarness, running } from '../../testing/ankaios-harness';
import { appConfig, logLine, workloadReport } from '../../testing/factories';
import { configureHttp } from '../bootstrap/configure-http';
import { CarWorkloadsController } from './car-workloads/car-workloads.controller';
import { CarWorkloadsService } from './car-workloads/car-workloads.service';
import { manifestBodyParser } from './car-workloads/manifest-body-parser';
import { ManifestsService } from './car-workloads/manifests.service';
import { FleetStateController } from './fleet-state/fleet-state.controller';
import { FleetStateService } from './fleet-state/fleet-state.service';

const CAR = 'car-1';
const MANIFEST = `apiVersion: v1
workloads:
  nav:
    runtime: podman
    agent: ${CAR}
    runtimeConfig: |
      image: registry/nav:1.0
`;

/** The Ankaios HTTP routes in a real Nest/express app (global pipe and filter as in production), over the harness. */
describe('Ankaios HTTP routes', () => {
  const h = ankaiosHarness();
  let app: NestExpressApplication;
  let url = '';

  @Module({
    controllers: [CarWorkloadsController, FleetStateController],
    providers: [
      { provide: CarWorkloadsService, useValue: h.workloads },
      { provide: FleetStateService, useValue: h.fleetState },
      { provide: ManifestsService, useValue: h.manifests },
    ],
  })
  class RoutesModule implements NestModule {
    configure(consumer: MiddlewareConsumer): void {
      consumer.apply(manifestBodyParser()).forRoutes(CarWorkloadsController);
    }
  }

  beforeAll(async () => {
    await h.onlineCar(CAR);
    const moduleRef = await Test.createTestingModule({
      imports: [RoutesModule],
    }).compile();
    const logger = new ConsoleLogger({ logLevels: ['fatal'] });
    app = moduleRef.createNestApplication<NestExpressApplication>({ logger });
    configureHttp(app, appConfig({ consoleDir: '/nonexistent' }), logger);
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(() => app?.close());

  async function call<T>(
    method: string,
    path: string,
    body?: string,
    type = 'application/yaml',
  ) {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': type },
      body,
      signal: AbortSignal.timeout(5000),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: (text ? JSON.parse(text) : undefined) as T,
    };
  }

  /** Answers the next manifest request the car sees, as the car would. */
  function answerWhenSent(action: 'apply' | 'delete'): void {
    const topic =
      action === 'apply'
        ? FleetConnectorTopics.applyRequest(CAR)
        : FleetConnectorTopics.deleteRequest(CAR);
    const seen = h.textPublisher.payloadsOn(topic).length;
    const timer = setInterval(() => {
      if (h.textPublisher.payloadsOn(topic).length === seen) return;
      clearInterval(timer);
      const names = [
        { agent_name: CAR, workload_name: 'nav', workload_id: 'id' },
      ];
      h.client.takeManifestAnswer(CAR, action, {
        added_workloads: action === 'apply' ? names : [],
        deleted_workloads: action === 'delete' ? names : [],
      });
    }, 5);
  }

  it.each(['application/yaml', 'text/plain', 'application/x-yaml'])(
    'applies a manifest sent as %s and answers the car’s reply with 200',
    async (type) => {
      answerWhenSent('apply');
      const res = await call(
        'POST',
        `/api/cars/${CAR}/manifest`,
        MANIFEST,
        type,
      );

      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        added_workloads: [
          { agent_name: CAR, workload_name: 'nav', workload_id: 'id' },
        ],
        deleted_workloads: [],
      });
      expect(
        h.textPublisher
          .payloadsOn(FleetConnectorTopics.applyRequest(CAR))
          .at(-1),
      ).toBe(MANIFEST);
    },
  );

  it('applies a JSON manifest and deletes with a manifest body', async () => {
    const json = JSON.stringify({
      apiVersion: 'v1',
      workloads: {
        nav: {
          runtime: 'podman',
          agent: CAR,
          runtimeConfig: 'image: registry/nav:1.0',
        },
      },
    });
    answerWhenSent('apply');
    expect(
      (
        await call(
          'POST',
          `/api/cars/${CAR}/manifest`,
          json,
          'application/json',
        )
      ).status,
    ).toBe(200);

    answerWhenSent('delete');
    const deleted = await call<{ deleted_workloads: unknown[] }>(
      'DELETE',
      `/api/cars/${CAR}/manifest`,
      MANIFEST,
    );
    expect(deleted.status).toBe(200);
    expect(deleted.body.deleted_workloads).toHaveLength(1);
  });

  it('answers an invalid manifest with 400 and Ankaios’ message, an unknown car with 404', async () => {
    const bad = await call<ApiError>(
      'POST',
      `/api/cars/${CAR}/manifest`,
      MANIFEST.replace('podman', 'docker'),
    );
    const ghost = await call<ApiError>(
      'POST',
      '/api/cars/ghost/manifest',
      MANIFEST,
    );
    const none = await call<ApiError>('POST', `/api/cars/${CAR}/manifest`);

    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain("Unsupported runtime 'docker'");
    expect(bad.body.correlationId).toEqual(expect.any(String));
    expect(ghost.status).toBe(404);
    expect(none.status).toBe(400);
  });

  it('refuses a manifest over 512 kB with 413', async () => {
    const huge = `${MANIFEST}# ${'x'.repeat(600 * 1024)}\n`;
    expect((await call('POST', `/api/cars/${CAR}/manifest`, huge)).status).toBe(
      413,
    );
  });

  it('lists the car’s workloads', async () => {
    h.mirror.applyReport(
      CAR,
      workloadReport(CAR, {
        workloadStates: { nav: { n1: running() } },
        at: '2026-02-01T00:00:00.000Z',
      }),
    );

    const res = await call<{ name: string; display: string }[]>(
      'GET',
      `/api/cars/${CAR}/workloads`,
    );

    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      expect.objectContaining({ name: 'nav', display: 'Running(Ok)' }),
    ]);
    expect((await call('GET', '/api/cars/ghost/workloads')).status).toBe(404);
  });

  it('serves log lines with a validated query', async () => {
    h.logs.append(
      CAR,
      [1, 2, 3].map((i) => logLine(CAR, { message: `m${i}` })),
    );

    const tail = await call<LogLine[]>(
      'GET',
      `/api/cars/${CAR}/logs?tail=2&workload=telematics`,
    );
    const bad = await call<ApiError>('GET', `/api/cars/${CAR}/logs?tail=1001`);

    expect(tail.body.map((l) => l.message)).toEqual(['m2', 'm3']);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.message)).toContain('tail');
  });

  it('serves the fleet state with repeated masks and an agent filter', async () => {
    const both = await call<Record<string, unknown>>(
      'GET',
      `/api/ankaios/state?mask=workloadStates.*.nav&mask=agents.${CAR}`,
    );
    const car = await call<Record<string, unknown>>(
      'GET',
      `/api/ankaios/state?agent=${CAR}&mask=agents`,
    );
    const bad = await call<ApiError>('GET', '/api/ankaios/state?mask=a..b');

    expect(both.status).toBe(200);
    expect(Object.keys(both.body).sort()).toEqual(['agents', 'workloadStates']);
    expect(car.body).toEqual({ agents: { [CAR]: expect.any(Object) } });
    expect(bad.status).toBe(400);
  });

  it('reports the fleet view’s paging in X-Total-Count and Link headers, and refuses a bad pageSize naming it', async () => {
    await h.onlineCar('car-2');

    const first = await fetch(
      `${url}/api/ankaios/state?mask=agents&pageSize=1`,
      { signal: AbortSignal.timeout(5000) },
    );
    const bad = await call<ApiError>('GET', '/api/ankaios/state?pageSize=0');

    expect(first.status).toBe(200);
    expect(
      Object.keys(((await first.json()) as { agents: object }).agents),
    ).toEqual([CAR]);
    expect(first.headers.get('x-total-count')).toBe('2');
    expect(first.headers.get('link')).toBe(
      '</api/ankaios/state?mask=agents&pageSize=1&page=2>; rel="next"',
    );
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.message)).toContain('pageSize');
  });
});
