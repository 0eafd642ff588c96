import type { LeaseService } from '../cluster/lease.service';
import { carsHarness } from '../../testing/cars-harness';
import { DatabaseProbe } from '../database/database-probe';
import { HealthService } from './health.service';

class FakeDatabaseProbe extends DatabaseProbe {
  up = true;

  constructor() {
    super({ options: { type: 'better-sqlite3' } } as never);
  }

  override async ping(): Promise<boolean> {
    return this.up;
  }
}

function setup() {
  const h = carsHarness();
  const database = new FakeDatabaseProbe();
  const health = new HealthService(
    h.publisher,
    database,
    h.supervisor,
    h.clock,
    h.broker,
  );
  return { ...h, database, health };
}

describe(HealthService.name, () => {
  it('is ready and up when broker and database are usable and no agent crashed', async () => {
    const { health, cars } = setup();
    await cars.create({ region: 'munich', name: 'a' });

    expect(await health.report()).toMatchObject({
      status: 'up',
      live: true,
      ready: true,
      components: {
        broker: { status: 'up', url: 'mqtt://127.0.0.1:18830', embedded: true },
        database: { status: 'up', type: 'sqlite' },
        supervisor: { status: 'up', running: 1, crashed: 0, desired: 1 },
      },
    });
  });

  it('is degraded but ready while an agent is crashed', async () => {
    const { health, cars, spawner } = setup();
    await cars.create({ region: 'munich', name: 'a' });
    spawner.spawned[0].exit(1);

    expect(await health.report()).toMatchObject({
      status: 'degraded',
      ready: true,
      components: { supervisor: { crashed: 1 } },
    });
  });

  it.each(['broker', 'database'] as const)(
    'is not ready when the %s is down',
    async (component) => {
      const { health, publisher, database } = setup();
      if (component === 'broker') publisher.isConnected = false;
      else database.up = false;

      expect(await health.report()).toMatchObject({
        status: 'down',
        ready: false,
        live: true,
        components: { [component]: { status: 'down' } },
      });
    },
  );
});

describe(`${HealthService.name} with several replicas`, () => {
  it('names this replica and whether it holds the engine lease', async () => {
    const h = carsHarness();
    const database = new FakeDatabaseProbe();
    const lease = { replicaId: 'host-a-0011', isLeader: true, ttlMs: 3000 };
    const health = new HealthService(
      h.publisher,
      database,
      h.supervisor,
      h.clock,
      h.broker,
      lease as unknown as LeaseService,
    );

    expect((await health.report()).replica).toEqual({
      id: 'host-a-0011',
      leader: true,
      leaseTtlSeconds: 3,
    });
    lease.isLeader = false;
    expect((await health.report()).replica?.leader).toBe(false);
  });
});
