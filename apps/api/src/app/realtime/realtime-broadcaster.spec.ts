import type {
  ServerEventName,
  ServerEvents,
  VehicleTelemetry,
} from '@fleet/shared/contracts';
import { carsHarness } from '../../testing/cars-harness';
import { logLine } from '../../testing/factories';
import { CarLogsService } from './car-logs.service';
import {
  CHANGES_FLUSH_MS,
  RealtimeBroadcaster,
  SUMMARY_INTERVAL_MS,
  URGENT_FLUSH_MS,
} from './realtime-broadcaster';
import { LOAD_ANNOUNCE_INTERVAL_MS } from './load-thinning';
import { RealtimeGateway } from './realtime.gateway';

/** Car a's telemetry (Munich, 90 %, parked, standing) with the given fields changed. */
const telemetry = (
  overrides: Partial<VehicleTelemetry> = {},
): VehicleTelemetry => ({
  state: 'parked',
  speedKmh: 0,
  batteryPct: 90,
  region: 'munich',
  at: 'x',
  ...overrides,
});

interface Sent {
  event: ServerEventName;
  payload: unknown;
  room?: string;
}

class RecordingGateway extends RealtimeGateway {
  readonly sent: Sent[] = [];

  override send<E extends ServerEventName>(
    event: E,
    payload: ServerEvents[E],
    room?: string,
  ): void {
    this.sent.push({ event, payload, room });
  }

  of<E extends ServerEventName>(event: E): ServerEvents[E][] {
    return this.sent
      .filter((s) => s.event === event)
      .map((s) => s.payload as ServerEvents[E]);
  }
}

async function setup() {
  const h = carsHarness();
  await h.cars.create({ region: 'munich', name: 'a' });
  await h.cars.create({ region: 'berlin', name: 'b' });
  const logs = new CarLogsService(h.registry);
  // Sockets are not authenticated here: the broadcaster only calls send.
  const gateway = new RecordingGateway(h.registry, logs, {} as never);
  const broadcaster = new RealtimeBroadcaster(
    h.registry,
    logs,
    gateway,
    h.clock,
  );
  logs.onModuleInit();
  broadcaster.onModuleInit();
  h.clock.advance(SUMMARY_INTERVAL_MS);
  gateway.sent.length = 0;
  return { ...h, logs, gateway, broadcaster };
}

describe(RealtimeBroadcaster.name, () => {
  it('sends many routine changes within CHANGES_FLUSH_MS as one cars.changed with the latest view of each car', async () => {
    const { registry, gateway, clock } = await setup();
    const drive = (speedKmh: number) =>
      registry.applyVehicle('a', telemetry({ state: 'driving', speedKmh }));
    drive(0);
    registry.applyLoad('b', { cpuUsage: 0, freeMemory: 1 });
    // Ten seconds on, b's load is due again (LoadThinning) and goes out as routine.
    clock.advance(LOAD_ANNOUNCE_INTERVAL_MS);
    gateway.sent.length = 0;

    for (let speed = 1; speed <= 50; speed++) {
      drive(speed);
      registry.applyLoad('b', { cpuUsage: speed, freeMemory: 1 });
    }
    clock.advance(CHANGES_FLUSH_MS - 1);
    expect(gateway.of('cars.changed')).toHaveLength(0);
    clock.advance(1);

    const events = gateway.of('cars.changed');
    expect(events).toHaveLength(1);
    expect(events[0].cars.map((c) => c.id).sort()).toEqual(['a', 'b']);
    expect(events[0].cars.find((c) => c.id === 'a')?.speedKmh).toBe(50);
  });

  it('sends an urgent change (a new vehicle state) within URGENT_FLUSH_MS, with what else is buffered', async () => {
    const { registry, gateway, clock } = await setup();
    registry.applyLoad('b', { cpuUsage: 7, freeMemory: 1 });
    clock.advance(CHANGES_FLUSH_MS);
    gateway.sent.length = 0;
    clock.advance(CHANGES_FLUSH_MS / 2);
    registry.applyVehicle('b', telemetry({ batteryPct: 55, region: 'berlin' }));
    registry.applyVehicle('a', telemetry({ state: 'driving', speedKmh: 10 }));

    clock.advance(URGENT_FLUSH_MS - 1);
    expect(gateway.of('cars.changed')).toHaveLength(0);
    clock.advance(1);

    const events = gateway.of('cars.changed');
    expect(events).toHaveLength(1);
    expect(events[0].cars.map((c) => c.id).sort()).toEqual(['a', 'b']);
  });

  it('sends at most one urgent flush per URGENT_FLUSH_MS however many urgent changes come', async () => {
    const { registry, gateway, clock } = await setup();
    const states = ['driving', 'parked'] as const;

    for (let i = 0; i < 100; i++) {
      registry.applyVehicle(
        'a',
        telemetry({ state: states[i % 2], at: `t${i}` }),
      );
      clock.advance(1);
    }

    // 100 ms of changes: one urgent flush per 10 ms, plus the two regular flushes that found something waiting.
    const events = gateway.of('cars.changed');
    expect(events.length).toBeGreaterThanOrEqual(100 / URGENT_FLUSH_MS);
    expect(events.length).toBeLessThanOrEqual(
      100 / URGENT_FLUSH_MS + 100 / CHANGES_FLUSH_MS,
    );
    expect(events.at(-1)?.cars[0].vehicleState).toBe('parked');
  });

  it('thins load-only changes of a car to one per 10 s', async () => {
    const { registry, gateway, clock } = await setup();
    for (let i = 0; i < 20; i++) {
      registry.applyLoad('a', { cpuUsage: i, freeMemory: 1 });
      clock.advance(1_000);
    }
    const loads = gateway
      .of('cars.changed')
      .flatMap((e) =>
        e.cars.filter((c) => c.id === 'a').map((c) => c.load?.cpuUsage),
      );
    expect(loads.length).toBeGreaterThanOrEqual(2);
    expect(loads.length).toBeLessThanOrEqual(3);
    expect(registry.get('a')?.load?.cpuUsage).toBe(19);
  });

  it('sends nothing when nothing changed', async () => {
    const { gateway, clock } = await setup();

    clock.advance(5000);

    expect(gateway.sent).toEqual([]);
  });

  it('sends removals as one cars.removed and drops the removed car’s pending change', async () => {
    const { registry, gateway, clock, cars } = await setup();
    registry.applyLoad('a', { cpuUsage: 1, freeMemory: 1 });

    await cars.remove('a');
    await cars.remove('b');
    clock.advance(CHANGES_FLUSH_MS);

    expect(gateway.of('cars.removed')).toEqual([{ ids: ['a', 'b'] }]);
    expect(
      gateway.of('cars.changed').flatMap((e) => e.cars.map((c) => c.id)),
    ).not.toContain('a');
  });

  it('sends fleet.summary at most once a second, and only when one of its counts changed', async () => {
    const { registry, gateway, clock } = await setup();
    const online = (id: string) =>
      registry.applyStatus(id, {
        name: id,
        online: true,
        instanceId: `${id}-1`,
        at: 'x',
      });

    for (let i = 0; i < 30; i++) {
      registry.applyVehicle('a', telemetry({ batteryPct: i }));
      clock.advance(100);
    }
    expect(gateway.of('fleet.summary')).toEqual([]);

    online('a');
    clock.advance(300);
    online('b');
    clock.advance(SUMMARY_INTERVAL_MS);
    registry.setUpdateState('a', 'updating');
    clock.advance(SUMMARY_INTERVAL_MS * 3);

    const summaries = gateway.of('fleet.summary');
    expect(summaries).toHaveLength(2);
    expect(summaries[0]).toMatchObject({
      total: 2,
      byRegion: { munich: 1, berlin: 1 },
      byDisplay: { parked: 2, offline: 0 },
    });
    expect(summaries[1]).toMatchObject({
      byDisplay: { parked: 1, updating: 1, offline: 0 },
    });
  });

  it('sends a log batch to the car’s room and to the rooms of its workloads', async () => {
    const { logs, gateway } = await setup();
    const lines = [
      logLine('a', { workload: 'nav' }),
      logLine('a', { workload: 'telematics' }),
    ];

    logs.append('a', lines);

    expect(gateway.sent).toEqual([
      { event: 'car.logs', payload: { carId: 'a', lines }, room: 'logs:a' },
      {
        event: 'car.logs',
        payload: { carId: 'a', lines: [lines[0]] },
        room: 'logs:a:nav',
      },
      {
        event: 'car.logs',
        payload: { carId: 'a', lines: [lines[1]] },
        room: 'logs:a:telematics',
      },
    ]);
  });

  it('stops its timers on shutdown, a pending urgent flush too', async () => {
    const { broadcaster, clock, logs, registry } = await setup();
    registry.applyVehicle('a', telemetry({ state: 'driving', speedKmh: 1 }));

    broadcaster.onModuleDestroy();
    logs.onModuleDestroy();

    expect(clock.pendingTimers).toBe(0);
  });
});
