import { Logger } from '@nestjs/common';
import { CarTopics } from '@fleet/shared/contracts';
import { carsHarness } from '../../testing/cars-harness';
import {
  helloMessage,
  statusMessage,
  vehicleTelemetry,
} from '../../testing/factories';
import { CarReportsService } from './car-reports.service';
import {
  STATUS_REFRESH_BATCH,
  STATUS_REFRESH_EVERY_MS,
} from './car-status-refresh';

async function setup(names = ['munich-000001']) {
  const h = carsHarness();
  for (const name of names) await h.cars.create({ region: 'munich', name });
  const reports = new CarReportsService(
    h.registry,
    h.commands,
    h.cars,
    h.statusRefresh,
  );
  return { ...h, reports };
}

describe('CarStatusRefresh', () => {
  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  const ID = 'munich-000001';

  it('brings a car online from its retained status when it reports but its status message was lost', async () => {
    const { reports, registry, publisher, statusRefresh } = await setup();
    publisher.retained.set(CarTopics.status(ID), statusMessage(ID));
    expect(registry.get(ID)?.connection).not.toBe('online');

    reports.applyVehicle(ID, vehicleTelemetry());
    await statusRefresh.idle();

    expect(publisher.retainedReads).toEqual([[CarTopics.status(ID)]]);
    expect(registry.get(ID)?.connection).toBe('online');
    expect(statusRefresh.applied).toBe(1);
  });

  it('reads nothing for a car already online, and takes the broker’s word when it holds the last will', async () => {
    const { reports, registry, publisher, statusRefresh } = await setup();
    registry.applyStatus(ID, statusMessage(ID));
    reports.applyHello(ID, helloMessage(ID));
    await statusRefresh.idle();
    expect(publisher.retainedReads).toEqual([]);

    registry.applyStatus(ID, statusMessage(ID, { online: false }));
    publisher.retained.set(
      CarTopics.status(ID),
      statusMessage(ID, { online: false }),
    );
    reports.applyVehicle(ID, vehicleTelemetry());
    await statusRefresh.idle();
    expect(publisher.retainedReads).toHaveLength(1);
    expect(registry.get(ID)?.connection).toBe('offline');
    expect(statusRefresh.applied).toBe(0);
  });

  it('reads nothing for a car whose agent process the supervisor saw exit (crashed or stopped)', async () => {
    const { reports, registry, publisher, statusRefresh } = await setup();
    publisher.retained.set(CarTopics.status(ID), statusMessage(ID));
    for (const connection of ['crashed', 'stopped'] as const) {
      registry.applyProcess({ carId: ID, connection, pid: null, restarts: 0 });
      reports.applyVehicle(ID, vehicleTelemetry());
      await statusRefresh.idle();
      expect(registry.get(ID)?.connection).toBe(connection);
    }
    expect(publisher.retainedReads).toEqual([]);
  });

  it('reads no car whose status arrived while its read waited, and may read it again later', async () => {
    const { reports, registry, publisher, statusRefresh } = await setup();
    reports.applyVehicle(ID, vehicleTelemetry());
    registry.applyStatus(ID, statusMessage(ID));
    await statusRefresh.idle();
    expect(publisher.retainedReads).toEqual([]);
    expect([statusRefresh.asked, statusRefresh.read]).toEqual([1, 0]);

    registry.applyStatus(ID, statusMessage(ID, { online: false }));
    reports.applyVehicle(ID, vehicleTelemetry());
    await statusRefresh.idle();
    expect(publisher.retainedReads).toEqual([[CarTopics.status(ID)]]);
  });

  it('reads a car at most once per interval, and again after it', async () => {
    const { reports, publisher, statusRefresh, clock } = await setup();
    for (let i = 0; i < 5; i++) reports.applyVehicle(ID, vehicleTelemetry());
    await statusRefresh.idle();
    expect(publisher.retainedReads).toHaveLength(1);

    clock.advance(STATUS_REFRESH_EVERY_MS - 1);
    reports.applyVehicle(ID, vehicleTelemetry());
    await statusRefresh.idle();
    expect(publisher.retainedReads).toHaveLength(1);

    clock.advance(1);
    reports.applyVehicle(ID, vehicleTelemetry());
    await statusRefresh.idle();
    expect(publisher.retainedReads).toHaveLength(2);
  });

  it('reads many cars in batches of a bounded size, every car once', async () => {
    const names = Array.from(
      { length: STATUS_REFRESH_BATCH + 7 },
      (_, i) => `munich-${String(i).padStart(6, '0')}`,
    );
    const { reports, publisher, statusRefresh, registry } = await setup(names);
    for (const name of names)
      publisher.retained.set(CarTopics.status(name), statusMessage(name));

    for (const name of names) reports.applyVehicle(name, vehicleTelemetry());
    await statusRefresh.idle();

    expect(publisher.retainedReads.map((r) => r.length)).toEqual([
      STATUS_REFRESH_BATCH,
      7,
    ]);
    expect(new Set(publisher.retainedReads.flat()).size).toBe(names.length);
    expect(names.every((n) => registry.get(n)?.connection === 'online')).toBe(
      true,
    );
  });

  it('survives a failed read and a malformed or foreign retained payload', async () => {
    const { reports, publisher, statusRefresh, registry, clock } =
      await setup();
    publisher.failWith = new Error('broker gone');
    reports.applyVehicle(ID, vehicleTelemetry());
    await statusRefresh.idle();
    expect(registry.get(ID)?.connection).not.toBe('online');

    publisher.failWith = null;
    publisher.retained.set(CarTopics.status(ID), 'not json');
    clock.advance(STATUS_REFRESH_EVERY_MS);
    reports.applyVehicle(ID, vehicleTelemetry());
    await statusRefresh.idle();
    expect(registry.get(ID)?.connection).not.toBe('online');

    publisher.retained.set(
      CarTopics.status(ID),
      statusMessage('berlin-000002'),
    );
    clock.advance(STATUS_REFRESH_EVERY_MS);
    reports.applyVehicle(ID, vehicleTelemetry());
    await statusRefresh.idle();
    expect(registry.get(ID)?.connection).not.toBe('online');
    // The failed read is not recorded; the two after it are.
    expect(publisher.retainedReads).toHaveLength(2);
  });

  it('ignores messages of cars the registry does not know', async () => {
    const { reports, publisher, statusRefresh } = await setup();
    expect(reports.applyVehicle('ghost-1', vehicleTelemetry())).toBe(false);
    await statusRefresh.idle();
    expect(publisher.retainedReads).toEqual([]);
  });
});
