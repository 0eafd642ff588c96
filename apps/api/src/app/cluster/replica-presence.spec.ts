import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FakeClock } from '../../testing/fake-clock';
import { LeaseEntity } from './lease.entity';
import type { LeaseService } from './lease.service';
import { ENGINE_LEASE } from './lease.service';
import { ReplicaPresence, ReplicaRowStore } from './replica-presence';

const TTL_MS = 3000;

/** Replicas' presence rows in one SQLite file (each replica its own connection, as processes would have). */
describe(ReplicaPresence.name, () => {
  let dir: string;
  const sources: DataSource[] = [];
  const clock = new FakeClock();

  async function replica(id: string, leader: boolean, cluster = true) {
    const source = new DataSource({
      type: 'better-sqlite3',
      database: join(dir, 'fleet.sqlite'),
      entities: [LeaseEntity],
      synchronize: sources.length === 0,
      enableWAL: true,
    });
    await source.initialize();
    sources.push(source);
    const lease = { isLeader: leader };
    const presence = new ReplicaPresence(
      new ReplicaRowStore(source),
      lease as unknown as LeaseService,
      clock,
      id,
      { name: ENGINE_LEASE, ttlMs: TTL_MS, cluster },
    );
    const dead: string[] = [];
    presence.onDead(async (gone) => {
      dead.push(gone);
    });
    return { presence, lease, dead, source };
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'presence-'));
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    for (const s of sources.splice(0)) await s.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the leader takes over a replica whose row expired, once, and forgets it', async () => {
    const l = await replica('l', true);
    const f = await replica('f', false);
    await l.presence.tick();
    await f.presence.tick();
    expect(await l.presence.isAlive('f')).toBe(true);

    // The follower stops beating (killed); the leader goes on.
    clock.advance(TTL_MS / 2);
    await l.presence.tick();
    expect(l.dead).toEqual([]);
    clock.advance(TTL_MS);
    await l.presence.tick();

    expect(l.dead).toEqual(['f']);
    expect(await l.presence.isAlive('f')).toBe(false);
    await l.presence.tick();
    expect(l.dead).toEqual(['f']);
    const rows = await l.source.getRepository(LeaseEntity).find();
    expect(rows.map((r) => r.name)).toEqual(['replica:l']);
  });

  it('a follower never takes anybody over', async () => {
    const l = await replica('l', true);
    const f = await replica('f', false);
    await l.presence.tick();
    await f.presence.tick();

    clock.advance(TTL_MS * 2);
    await f.presence.tick();

    expect(f.dead).toEqual([]);
  });

  it('a replica that stops gracefully is taken over at once', async () => {
    const l = await replica('l', true);
    const f = await replica('f', false);
    await l.presence.tick();
    await f.presence.tick();
    await f.presence.onModuleInit();

    await f.presence.beforeApplicationShutdown();
    await l.presence.tick();

    expect(l.dead).toEqual(['f']);
  });

  it('keeps the row of a replica whose takeover failed, and tries again', async () => {
    const l = await replica('l', true);
    const f = await replica('f', false);
    let fail = true;
    l.presence.onDead(async () => {
      if (fail) throw new Error('database busy');
    });
    await l.presence.tick();
    await f.presence.tick();
    clock.advance(TTL_MS * 2);

    await l.presence.tick();
    fail = false;
    await l.presence.tick();
    await l.presence.tick();

    expect(l.dead).toEqual(['f', 'f']);
  });

  it('with one replica (no cluster) keeps no rows and knows only itself alive', async () => {
    const only = await replica('only', true, false);
    await only.presence.onModuleInit();

    expect(await only.presence.isAlive('only')).toBe(true);
    expect(await only.presence.isAlive('other')).toBe(false);
    expect(await only.source.getRepository(LeaseEntity).find()).toEqual([]);
  });
});
