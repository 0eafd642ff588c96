import { Logger } from '@nestjs/common';
import { carsHarness } from '../../testing/cars-harness';
import { appConfig } from '../../testing/factories';
import { AppConfigService } from '../config/app-config.service';
import { META_DEMO_FLEET_SEEDED } from '../database/meta.repository';
import { FleetStartup } from './fleet-startup.service';

const DEMO = [
  { region: 'munich', count: 2 },
  { region: 'berlin', count: 1 },
];

function setup(options = { wireSupervisor: true }) {
  const h = carsHarness({}, options);
  const config = new AppConfigService(appConfig({ demoFleet: DEMO }));
  const startup = new FleetStartup(
    h.supervisor,
    h.registry,
    h.cars,
    h.meta,
    config,
    h.clock,
  );
  return { ...h, startup };
}

describe(FleetStartup.name, () => {
  beforeEach(() =>
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined),
  );
  afterEach(() => jest.restoreAllMocks());

  it('creates the demo fleet on the first start, all parked, and records it', async () => {
    const { startup, registry, meta, spawner } = setup();

    await startup.onApplicationBootstrap();

    const cars = registry.all();
    expect(cars.map((c) => c.region)).toEqual(['munich', 'munich', 'berlin']);
    expect(cars.every((c) => c.vehicleState === 'parked')).toBe(true);
    expect(new Set(cars.map((c) => c.model)).size).toBeGreaterThan(1);
    expect(spawner.spawned).toHaveLength(3);
    expect(meta.values.has(META_DEMO_FLEET_SEEDED)).toBe(true);
  });

  it('brings back only the cars that were not deleted on the next start', async () => {
    const first = setup();
    await first.startup.onApplicationBootstrap();
    const [keep, ...drop] = first.registry.all().map((c) => c.id);
    for (const id of drop) await first.cars.remove(id);

    const restarted = setup();
    first.carsRepository.rows.forEach((row, id) =>
      restarted.carsRepository.rows.set(id, row),
    );
    first.meta.values.forEach((value, key) =>
      restarted.meta.values.set(key, value),
    );
    await restarted.startup.onApplicationBootstrap();

    expect(restarted.registry.all().map((c) => c.id)).toEqual([keep]);
    expect(restarted.spawner.spawned.map((p) => p.carId)).toEqual([keep]);
  });

  it('feeds the supervisor’s process events into the registry', async () => {
    const { startup, cars, registry, spawner } = setup({
      wireSupervisor: false,
    });
    startup.onModuleInit();
    await cars.create({ region: 'munich', name: 'car-1' });

    spawner.spawned[0].exit(1);

    expect(registry.get('car-1')).toMatchObject({
      connection: 'crashed',
      pid: null,
    });
    startup.onModuleDestroy();
  });
});
