import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, filter, timeout } from 'rxjs';
import { DataSource } from 'typeorm';
import { FakeClock } from '../../testing/fake-clock';
import { Clock } from '../common/clock';
import { LeaseEntity } from './lease.entity';
import { LeaseStore } from './lease-store';
import { ENGINE_LEASE, LeaseService } from './lease.service';

const TTL_MS = 3000;

/** Two replicas, each with its own connection to one SQLite file, as two processes would have. */
describe(LeaseService.name, () => {
  let dir: string;
  const sources: DataSource[] = [];
  const services: LeaseService[] = [];

  async function connection(): Promise<DataSource> {
    const source = new DataSource({
      type: 'better-sqlite3',
      database: join(dir, 'fleet.sqlite'),
      entities: [LeaseEntity],
      synchronize: sources.length === 0,
      enableWAL: true,
    });
    await source.initialize();
    sources.push(source);
    return source;
  }

  async function replica(
    id: string,
    clock: Clock,
    options: { cluster?: boolean; ttlMs?: number } = {},
  ): Promise<LeaseService> {
    const service = new LeaseService(
      new LeaseStore(await connection()),
      clock,
      id,
      {
        name: ENGINE_LEASE,
        ttlMs: options.ttlMs ?? TTL_MS,
        cluster: options.cluster ?? true,
      },
    );
    services.push(service);
    return service;
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lease-'));
  });

  afterEach(async () => {
    for (const s of services.splice(0)) await s.release();
    for (const s of sources.splice(0)) await s.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets exactly one of two replicas lead, also when both try at the same moment', async () => {
    const clock = new FakeClock();
    const a = await replica('replica-a', clock);
    const b = await replica('replica-b', clock);

    const results = await Promise.all([a.attempt(), b.attempt()]);

    expect(results.filter(Boolean)).toHaveLength(1);
    expect(a.isLeader).not.toBe(b.isLeader);
    // Renewing keeps it; the other keeps failing while the lease is valid.
    const [leader, follower] = a.isLeader ? [a, b] : [b, a];
    clock.advance(TTL_MS / 3);
    expect(await leader.attempt()).toBe(true);
    expect(await follower.attempt()).toBe(false);
    clock.advance(TTL_MS - 1);
    expect(await follower.attempt()).toBe(false);
    const row = await new LeaseStore(sources[0]).read(ENGINE_LEASE);
    expect(row).toMatchObject({ holder: leader.replicaId, epoch: 1 });
  });

  it('hands an expired lease to the other replica, and the old holder steps down at its next try', async () => {
    const clock = new FakeClock();
    const a = await replica('replica-a', clock);
    const b = await replica('replica-b', clock);
    expect(await a.attempt()).toBe(true);

    // a stops renewing (killed, or stuck): b takes over only once the lease has expired.
    clock.advance(TTL_MS - 1);
    expect(await b.attempt()).toBe(false);
    clock.advance(2);
    expect(await b.attempt()).toBe(true);

    expect(await a.attempt()).toBe(false);
    expect(a.isLeader).toBe(false);
    const row = await new LeaseStore(sources[0]).read(ENGINE_LEASE);
    expect(row).toMatchObject({ holder: 'replica-b', epoch: 2 });
  });

  it('frees the lease on release, so that the follower takes it at its next try', async () => {
    const clock = new FakeClock();
    const a = await replica('replica-a', clock);
    const b = await replica('replica-b', clock);
    expect(await a.attempt()).toBe(true);
    expect(await b.attempt()).toBe(false);

    await a.release();

    expect(a.isLeader).toBe(false);
    expect(await b.attempt()).toBe(true);
    // A released replica never takes it again.
    expect(await a.attempt()).toBe(false);
  });

  it('a single replica (cluster off) seizes the lease at start from its killed predecessor', async () => {
    const clock = new FakeClock();
    const killed = await replica('before-kill-9', clock);
    expect(await killed.attempt()).toBe(true);

    const restarted = await replica('after-restart', clock, { cluster: false });
    await restarted.onModuleInit();

    expect(restarted.isLeader).toBe(true);
    expect(await killed.attempt()).toBe(false);
  });

  it('steps down when the database stops answering before its lease can have expired', async () => {
    const clock = new FakeClock();
    const a = await replica('replica-a', clock);
    expect(await a.attempt()).toBe(true);
    await sources[0].destroy();
    sources.splice(0, 1);

    // Within the lease (minus the margin) an error is tolerated; after it, leadership is given up.
    clock.advance(TTL_MS / 3);
    expect(await a.attempt()).toBe(true);
    clock.advance(TTL_MS);
    expect(await a.attempt()).toBe(false);
  });

  it('the only replica (cluster off) keeps leading through a database outage, and yields to a holder it sees', async () => {
    const clock = new FakeClock();
    const single = await replica('single', clock, { cluster: false });
    await single.onModuleInit();
    expect(single.isLeader).toBe(true);
    const other = await replica('other', clock);
    const store = (single as unknown as { store: LeaseStore }).store;
    const acquire = store.acquire.bind(store);
    store.acquire = () => Promise.reject(new Error('connection refused'));

    clock.advance(TTL_MS * 5);
    expect(await single.attempt()).toBe(true);

    store.acquire = acquire;
    expect(await other.attempt()).toBe(true);
    expect(await single.attempt()).toBe(false);
  });

  it('with real timers: the follower announces leadership on leadership$ once the leader releases', async () => {
    const a = await replica('replica-a', new Clock(), { ttlMs: 1000 });
    const b = await replica('replica-b', new Clock(), { ttlMs: 1000 });
    await a.onModuleInit();
    await b.onModuleInit();
    expect([a.isLeader, b.isLeader]).toEqual([true, false]);
    const bLeads = firstValueFrom(
      b.leadership$.pipe(filter(Boolean), timeout(3000)),
    );

    await a.release();

    await expect(bLeads).resolves.toBe(true);
    expect(a.isLeader).toBe(false);
  });
});
