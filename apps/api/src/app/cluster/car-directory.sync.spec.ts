import { FakeClock } from '../../testing/fake-clock';
import { appConfig } from '../../testing/factories';
import type { AgentSupervisor } from '../ankaios/agent-supervisor';
import { CarRegistry } from '../cars/car-registry';
import { AppConfigService } from '../config/app-config.service';
import type { BrokerEndpoint } from '../mqtt/broker-endpoint';
import type { DataSource } from 'typeorm';
import {
  CAR_ADDED_TOPIC,
  CarDirectorySync,
  DIRECTORY_RESYNC_MS,
} from './car-directory.sync';
import { InMemoryClusterHub } from './testing-bus';

const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 5));
};
const row = (id: string) => ({
  id,
  region: 'munich',
  model: 'atlas-sedan',
  desiredVehicleState: 'parked',
  lastKnownVersion: '1.2.3',
  createdAt: '2026-01-01T00:00:00.000Z',
});

/** Two replicas' registries kept in step over the cluster channel; the database is one table of rows. */
describe(CarDirectorySync.name, () => {
  const clock = new FakeClock();
  const config = new AppConfigService(
    appConfig({ cluster: { enabled: true, leaseTtlSeconds: 15 } }),
  );
  // Nothing listens there: the retained-status read finds nothing at once.
  const broker = {
    url: 'mqtt://127.0.0.1:1',
    embedded: false,
  } as BrokerEndpoint;
  let rows: Map<string, ReturnType<typeof row>>;
  const syncs: CarDirectorySync[] = [];

  function replica(hub: InMemoryClusterHub, id: string, leader = false) {
    const registry = new CarRegistry(clock);
    const supervised = new Set<string>();
    const discarded: string[] = [];
    const started: string[] = [];
    // As the real supervisor: a follower's `start` does nothing.
    const supervisor = {
      start: (spec: { id: string }) => {
        if (!leader || supervised.has(spec.id)) return false;
        supervised.add(spec.id);
        started.push(spec.id);
        return true;
      },
      isSupervised: (car: string) => supervised.has(car),
      discard: async (car: string) => {
        supervised.delete(car);
        discarded.push(car);
      },
    } as unknown as AgentSupervisor;
    const dataSource = {
      getRepository: () => ({
        findOneBy: async ({ id: car }: { id: string }) => rows.get(car) ?? null,
        find: async () => [...rows.values()],
      }),
    } as unknown as DataSource;
    const sync = new CarDirectorySync(
      hub.busFor(id),
      registry,
      supervisor,
      dataSource,
      config,
      broker,
      id,
      clock,
    );
    sync.onApplicationBootstrap();
    syncs.push(sync);
    return { registry, supervised, discarded, started, sync };
  }

  beforeEach(() => (rows = new Map()));
  afterEach(() => syncs.splice(0).forEach((s) => s.onModuleDestroy()));

  it('a car created on one replica appears on the other, read from the database', async () => {
    const hub = new InMemoryClusterHub();
    const a = replica(hub, 'a');
    const b = replica(hub, 'b');

    rows.set('car-1', row('car-1'));
    a.registry.add({ ...row('car-1'), vehicleState: 'parked', version: null });
    await settle();

    expect(b.registry.get('car-1')).toMatchObject({
      id: 'car-1',
      region: 'munich',
      version: '1.2.3',
    });
    // Announced once: b does not announce it back.
    expect(
      hub.published.filter((m) => m.topic === CAR_ADDED_TOPIC),
    ).toHaveLength(1);
  });

  it('a car created on a follower is spawned by the leader when it hears of it, not by the follower', async () => {
    const hub = new InMemoryClusterHub();
    const follower = replica(hub, 'f');
    const leader = replica(hub, 'l', true);

    rows.set('car-1', row('car-1'));
    follower.registry.add({
      ...row('car-1'),
      vehicleState: 'parked',
      version: null,
    });
    await settle();

    expect(leader.started).toEqual(['car-1']);
    expect(leader.registry.has('car-1')).toBe(true);
    expect(follower.started).toEqual([]);
    // Heard again (a repeated announcement): still one agent.
    hub.messages.next({
      topic: CAR_ADDED_TOPIC,
      from: 'f',
      body: { id: 'car-1' },
    });
    await settle();
    expect(leader.started).toEqual(['car-1']);
  });

  it('a car deleted on one replica is dropped on the other, and its agent there discarded', async () => {
    const hub = new InMemoryClusterHub();
    const a = replica(hub, 'a');
    const b = replica(hub, 'b');
    rows.set('car-1', row('car-1'));
    a.registry.add({ ...row('car-1'), vehicleState: 'parked', version: null });
    await settle();
    b.supervised.add('car-1');

    rows.delete('car-1');
    a.registry.remove('car-1');
    await settle();

    expect(b.registry.has('car-1')).toBe(false);
    expect(b.discarded).toEqual(['car-1']);
  });

  it('makes good a missed announcement every DIRECTORY_RESYNC_MS: adds (and the leader spawns) a stored car, drops a deleted one', async () => {
    const hub = new InMemoryClusterHub();
    const leader = replica(hub, 'l', true);
    // Created on another replica while this one was not listening: in the database, never announced here.
    rows.set('car-1', row('car-1'));
    // Deleted on another replica, its removal missed: still in this registry.
    leader.registry.add({
      ...row('gone'),
      vehicleState: 'parked',
      version: null,
    });
    // Created a second before the comparison: its own announcement is still on its way.
    rows.set('car-new', {
      ...row('car-new'),
      createdAt: new Date(
        clock.now().getTime() + DIRECTORY_RESYNC_MS - 1_000,
      ).toISOString(),
    });

    clock.advance(DIRECTORY_RESYNC_MS);
    await settle();

    expect(leader.registry.has('car-1')).toBe(true);
    expect(leader.started).toEqual(['car-1']);
    expect(leader.registry.has('gone')).toBe(false);
    expect(leader.registry.has('car-new')).toBe(false);
    // Its announcement never came: the next comparison adds it; the one after finds nothing to do.
    clock.advance(DIRECTORY_RESYNC_MS);
    await settle();
    expect(leader.started).toEqual(['car-1', 'car-new']);
    clock.advance(DIRECTORY_RESYNC_MS);
    await settle();
    expect(leader.started).toEqual(['car-1', 'car-new']);
  });

  it('ignores announcements with a bad id or of a car the database does not have', async () => {
    const hub = new InMemoryClusterHub();
    const b = replica(hub, 'b');
    hub.messages.next({
      topic: CAR_ADDED_TOPIC,
      from: 'a',
      body: { id: '../x' },
    });
    hub.messages.next({
      topic: CAR_ADDED_TOPIC,
      from: 'a',
      body: { id: 'ghost' },
    });
    await settle();
    expect(b.registry.all()).toEqual([]);
  });
});
