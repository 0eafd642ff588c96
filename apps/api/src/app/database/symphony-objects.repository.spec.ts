import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import { AppConfigService } from '../config/app-config.service';
import { appConfig } from '../../testing/factories';
import { typeOrmOptions } from './database.module';
import { migrateSchema } from './migrate-schema';
import { groupWritesFor } from './group-writes.providers';
import { SymphonyObjectEntity } from './symphony-object.entity';
import { SymphonyObjectsRepository } from './symphony-objects.repository';

const KEY = { kind: 'instance', namespace: 'default', name: 'car-1' };
const AT = '2026-01-01T00:00:00.000Z';

function row(generation: number, version: string): SymphonyObjectEntity {
  return {
    ...KEY,
    body: { metadata: { name: KEY.name }, spec: { version } },
    generation,
    createdAt: AT,
    updatedAt: AT,
  };
}

describe(SymphonyObjectsRepository.name, () => {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-objects-'));
  let source: DataSource;
  let selects = 0;

  const repository = (clusterEnabled: boolean, grouped = false) =>
    new SymphonyObjectsRepository(
      source.getRepository(SymphonyObjectEntity),
      new AppConfigService(
        appConfig({
          cluster: { enabled: clusterEnabled, leaseTtlSeconds: 15 },
        }),
      ),
      grouped ? groupWritesFor(source) : null,
    );

  /**
   * A single replica's repository whose `method` of the table reads the database at once but answers only after
   * `release()`: a read that writes overtake.
   */
  const heldRepository = (method: 'find' | 'findOneBy', grouped: boolean) => {
    const table = source.getRepository(SymphonyObjectEntity);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const read = table[method].bind(table) as (arg: object) => Promise<unknown>;
    const held = Object.create(table, {
      [method]: {
        value: async (arg: object) => {
          const found = await read(arg);
          await gate;
          return found;
        },
      },
    }) as typeof table;
    const objects = new SymphonyObjectsRepository(
      held,
      new AppConfigService(appConfig()),
      grouped ? groupWritesFor(source) : null,
    );
    return { objects, release };
  };

  /** A write by someone else: straight to the table, past any repository. */
  const writeBehind = (version: string) =>
    source.query(
      'UPDATE symphony_objects SET body = ?, generation = 9 WHERE kind = ? AND namespace = ? AND name = ?',
      [JSON.stringify(row(9, version).body), KEY.kind, KEY.namespace, KEY.name],
    );

  beforeAll(async () => {
    const config = new AppConfigService(
      appConfig({
        database: { type: 'sqlite', path: join(dir, 'fleet.sqlite') },
      }),
    );
    source = new DataSource(typeOrmOptions(config) as DataSourceOptions);
    await source.initialize();
    await migrateSchema(source);
    const query = source.driver.createQueryRunner('master').constructor
      .prototype as { query: (sql: string) => Promise<unknown> };
    const original = query.query;
    jest.spyOn(query, 'query').mockImplementation(function (
      this: unknown,
      sql: string,
      ...rest: unknown[]
    ) {
      if (sql.startsWith('SELECT') && sql.includes('symphony_objects'))
        selects++;
      return (original as (...a: unknown[]) => Promise<unknown>).call(
        this,
        sql,
        ...rest,
      );
    });
  });

  beforeEach(async () => {
    await source.getRepository(SymphonyObjectEntity).clear();
    selects = 0;
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await source.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  // Written through TypeORM (PostgreSQL's path) and through the SQLite group commit.
  describe.each([
    ['TypeORM', false],
    ['the group commit', true],
  ])('one replica (CLUSTER off), written through %s', (_, grouped) => {
    it('reads a row from the database once, then from memory, and sees its own writes and deletes', async () => {
      const objects = repository(false, grouped);
      await objects.save(row(1, '1.0.0'));

      expect((await objects.find(KEY))?.body).toEqual(row(1, '1.0.0').body);
      expect(selects).toBe(0);

      await objects.save(row(2, '1.1.0'));
      expect(await objects.find(KEY)).toMatchObject({
        generation: 2,
        body: row(2, '1.1.0').body,
      });
      expect(await objects.delete(KEY)).toBe(true);
      expect(await objects.find(KEY)).toBeNull();
      expect(selects).toBe(0);
      expect(objects.cacheCounts()).toEqual({ hits: 3, misses: 0 });
    });

    it('stores what it caches: a second repository on the same table reads the same rows', async () => {
      await repository(false, grouped).save(row(3, '2.0.0'));

      const fresh = repository(false, grouped);
      expect(await fresh.find(KEY)).toMatchObject({ generation: 3 });
      expect(await fresh.find(KEY)).toMatchObject({ generation: 3 });
      expect(selects).toBe(1);
    });

    it('hands out frozen rows: neither a caller nor the one that saved the row can change what the next caller finds', async () => {
      const objects = repository(false, grouped);
      const saved = row(1, '1.0.0');
      await objects.save(saved);
      const found = await objects.find(KEY);
      for (const held of [found, saved])
        expect(() => {
          (held?.body as { spec: { version: string } }).spec.version =
            'changed';
        }).toThrow(TypeError);

      expect((await objects.find(KEY))?.body).toEqual(row(1, '1.0.0').body);
    });

    it('does not keep a read that a write overtook', async () => {
      await repository(false, grouped).save(row(1, '1.0.0'));
      // The read finds generation 1 and is held until generation 2 has been written.
      const { objects, release } = heldRepository('findOneBy', grouped);

      const reading = objects.find(KEY);
      await objects.save(row(2, '1.1.0'));
      release();

      expect(await reading).toMatchObject({ generation: 1 });
      expect(await objects.find(KEY)).toMatchObject({ generation: 2 });
    });
  });

  describe('the key index (one replica)', () => {
    const other = { ...KEY, name: 'car-2' };

    it('answers a cached or a missing object without a SELECT and without committing the queued writes', async () => {
      const writes = groupWritesFor(source);
      if (!writes) throw new Error('SQLite has the group commit');
      await repository(false, true).save(row(1, '1.0.0'));
      const indexed = new SymphonyObjectsRepository(
        source.getRepository(SymphonyObjectEntity),
        new AppConfigService(appConfig()),
        writes,
      );
      await indexed.onModuleInit();
      selects = 0;
      // A row that existed before the index was loaded is found (from the database: not cached yet).
      expect(await indexed.find(KEY)).toMatchObject({ generation: 1 });
      expect(selects).toBe(1);

      const queued = indexed.save({ ...row(2, '1.1.0'), ...other });
      expect(await indexed.find(KEY)).toMatchObject({ generation: 1 });
      expect(await indexed.find({ ...KEY, name: 'car-3' })).toBeNull();
      expect(selects).toBe(1);
      expect(writes.pending).toBe(1);
      await queued;
      expect(await indexed.find(other)).toMatchObject({ generation: 2 });
      expect(indexed.cacheCounts()).toEqual({ hits: 3, misses: 1 });
    });

    it('follows writes and deletes, also those committed while it loads', async () => {
      await repository(false).save(row(1, '1.0.0'));
      // The load's SELECT finds car-1 only and is held until car-1 was deleted and car-2 written.
      const { objects, release } = heldRepository('find', true);
      const loading = objects.onModuleInit();
      expect(await objects.delete(KEY)).toBe(true);
      await objects.save({ ...row(2, '1.0.0'), ...other });
      release();
      await loading;

      expect(objects.mayExist(KEY)).toBe(false);
      expect(objects.mayExist(other)).toBe(true);
      await objects.save(row(3, '3.0.0'));
      expect(objects.mayExist(KEY)).toBe(true);
      expect(await objects.delete(other)).toBe(true);
      expect(objects.mayExist(other)).toBe(false);
      // What another repository loads now agrees.
      const fresh = repository(false, true);
      await fresh.onModuleInit();
      expect(fresh.mayExist(KEY)).toBe(true);
      expect(fresh.mayExist(other)).toBe(false);
    });

    it('deletes a row it knows to be absent without a statement, and one whose write is still queued', async () => {
      const writes = groupWritesFor(source);
      if (!writes) throw new Error('SQLite has the group commit');
      const objects = new SymphonyObjectsRepository(
        source.getRepository(SymphonyObjectEntity),
        new AppConfigService(appConfig()),
        writes,
      );
      await objects.onModuleInit();

      const absent = objects.delete(other);
      const statements = writes.pending;
      expect(await absent).toBe(false);
      expect(statements).toBe(0);

      const saving = objects.save({ ...row(2, '1.0.0'), ...other });
      const deleting = objects.delete(other);
      const queued = writes.pending;
      const [, deleted] = await Promise.all([saving, deleting]);
      expect(queued).toBe(2);
      expect(deleted).toBe(true);
      expect(
        await source.getRepository(SymphonyObjectEntity).findOneBy(other),
      ).toBeNull();
      expect(objects.mayExist(other)).toBe(false);
    });

    it('after a write whose outcome is unknown, asks the database again', async () => {
      const objects = repository(false);
      await objects.onModuleInit();
      const failing = jest
        .spyOn(source.getRepository(SymphonyObjectEntity), 'upsert')
        .mockRejectedValueOnce(new Error('disk I/O error'));
      try {
        await expect(objects.save(row(1, '1.0.0'))).rejects.toThrow('disk I/O');
      } finally {
        failing.mockRestore();
      }
      await source.getRepository(SymphonyObjectEntity).save(row(5, '5.0.0'));
      selects = 0;

      expect(await objects.find(KEY)).toMatchObject({ generation: 5 });
      expect(selects).toBe(1);
    });
  });

  it("with several replicas (CLUSTER=on) reads every time, so it sees another replica's write", async () => {
    const objects = repository(true);
    await objects.save(row(1, '1.0.0'));
    expect(await objects.find(KEY)).toMatchObject({ generation: 1 });

    await writeBehind('9.9.9');

    expect(await objects.find(KEY)).toMatchObject({
      generation: 9,
      body: row(9, '9.9.9').body,
    });
    expect(selects).toBe(2);
    expect(objects.cacheCounts()).toEqual({ hits: 0, misses: 0 });
  });

  describe('several replicas (CLUSTER=on): the reads of one turn', () => {
    const other = (kind: string, name: string, version: string) => ({
      ...row(1, version),
      kind,
      name,
      body: { metadata: { name }, spec: { version } },
    });

    it('go to the database in one SELECT, each caller answered with its own row or null', async () => {
      const objects = repository(true, true);
      await objects.save(row(1, '1.0.0'));
      await objects.save(other('target', 'car-1', '2.0.0'));
      await objects.save(other('target', 'car-2', '3.0.0'));
      selects = 0;

      const found = await Promise.all([
        objects.find(KEY),
        objects.find({ ...KEY, kind: 'target' }),
        objects.find({ ...KEY, kind: 'target', name: 'car-2' }),
        objects.find({ ...KEY, name: 'absent' }),
        objects.find(KEY),
      ]);

      expect(found.map((r) => r && (r.body as { spec: unknown }).spec)).toEqual(
        [
          { version: '1.0.0' },
          { version: '2.0.0' },
          { version: '3.0.0' },
          null,
          { version: '1.0.0' },
        ],
      );
      expect(selects).toBe(1);
      expect(objects.batchedReads).toBe(1);
      // The same key twice: two copies, so that one caller's change does not reach the other.
      expect(found[4]).not.toBe(found[0]);
      (found[0]?.body as { spec: { version: string } }).spec.version = 'x';
      expect((found[4]?.body as { spec: unknown }).spec).toEqual({
        version: '1.0.0',
      });
    });

    it('see the writes queued before them, and a failed SELECT fails only its own callers', async () => {
      const objects = repository(true, true);
      const saved = objects.save(row(1, '1.0.0'));
      await expect(objects.find(KEY)).resolves.toMatchObject({ generation: 1 });
      await saved;

      const table = source.getRepository(SymphonyObjectEntity);
      const failing = jest
        .spyOn(table, 'find')
        .mockRejectedValueOnce(new Error('connection lost'));
      try {
        const first = Promise.all([objects.find(KEY), objects.find(KEY)]);
        await expect(first).rejects.toThrow('connection lost');
        await expect(objects.find(KEY)).resolves.toMatchObject({
          generation: 1,
        });
      } finally {
        failing.mockRestore();
      }
    });
  });
});
