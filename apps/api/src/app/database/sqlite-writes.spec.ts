import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { carEntity, historyEntity } from '../../testing/factories';
import { UpdateHistoryEntity } from '../updates/update-history.entity';
import { CarEntity } from './car.entity';
import { PostgresWrites } from './postgres-writes';
import { SqliteWrites } from './sqlite-writes';
import { groupWritesFor } from './group-writes.providers';
import { SymphonyObjectEntity } from './symphony-object.entity';

const AT = '2026-01-01T00:00:00.000Z';

const object = (name: string, version: string): SymphonyObjectEntity => ({
  kind: 'instance',
  namespace: 'default',
  name,
  body: { metadata: { name }, spec: { version, note: 'it\'s "quoted"' } },
  generation: 1,
  createdAt: AT,
  updatedAt: AT,
});

/** Against a real SQLite file, next to TypeORM writing the same tables. */
describe(SqliteWrites.name, () => {
  let dir: string;
  let source: DataSource;
  let writes: SqliteWrites;
  /** The same connection, for what a test does past the writer. */
  let db: { exec(sql: string): void; prepare(sql: string): { get(): unknown } };

  const rows = (sql: string) =>
    source.query(sql) as Promise<Record<string, unknown>[]>;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sqlite-writes-'));
    source = new DataSource({
      type: 'better-sqlite3',
      database: join(dir, 'fleet.sqlite'),
      entities: [CarEntity, SymphonyObjectEntity, UpdateHistoryEntity],
      synchronize: true,
      enableWAL: true,
    });
    await source.initialize();
    writes = groupWritesFor(source) as SqliteWrites;
    db = (source.driver as unknown as { databaseConnection: typeof db })
      .databaseConnection;
  });

  afterEach(async () => {
    writes.close();
    await source.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores a row exactly as TypeORM does (JSON columns, quotes, nulls)', async () => {
    await source.getRepository(SymphonyObjectEntity).upsert(
      object('by-typeorm', '1.0.0') as SymphonyObjectEntity & {
        body: object;
      },
      ['kind', 'namespace', 'name'],
    );
    await writes.upsert(SymphonyObjectEntity, object('by-batch', '1.0.0'), [
      'kind',
      'namespace',
      'name',
    ]);
    await source
      .getRepository(UpdateHistoryEntity)
      .insert(historyEntity('orm-1'));
    await writes.insert(UpdateHistoryEntity, historyEntity('sql-1'));

    const [typeorm, batch] = await rows(
      'SELECT * FROM symphony_objects ORDER BY name DESC',
    );
    expect({
      ...batch,
      name: 'x',
      body: JSON.parse(String(batch['body'])).spec,
    }).toEqual({
      ...typeorm,
      name: 'x',
      body: JSON.parse(String(typeorm['body'])).spec,
    });
    const [h1, h2] = await rows('SELECT * FROM update_history ORDER BY id');
    expect({ ...h1, id: 'x', jobId: 'x' }).toEqual({
      ...h2,
      id: 'x',
      jobId: 'x',
    });
    // And TypeORM reads the batch's rows back as it wrote them.
    expect(
      await source
        .getRepository(UpdateHistoryEntity)
        .findOneBy({ id: 'sql-1' }),
    ).toEqual({ ...historyEntity('sql-1'), ownerReplica: null });
  });

  it('commits the writes of one turn of the event loop together; each promise settles once its row is committed', async () => {
    const done: number[] = [];
    const written = Array.from({ length: 50 }, (_, i) =>
      writes
        .upsert(SymphonyObjectEntity, object(`car-${i}`, '1.0.0'), [
          'kind',
          'namespace',
          'name',
        ])
        .then(() => done.push(i)),
    );
    expect(await rows('SELECT COUNT(*) AS n FROM symphony_objects')).toEqual([
      { n: 0 },
    ]);
    expect(writes.pending).toBe(50);
    await Promise.all(written);
    expect(done).toHaveLength(50);
    expect(writes.batches).toBe(1);
    expect(writes.written).toBe(50);
    expect(await rows('SELECT COUNT(*) AS n FROM symphony_objects')).toEqual([
      { n: 50 },
    ]);
  });

  it('keeps the order of the writes to one row, and leaves columns the row does not define as they were', async () => {
    void writes.insert(
      UpdateHistoryEntity,
      historyEntity('e1', { ownerReplica: 'replica-a' }),
    );
    void writes.upsert(
      UpdateHistoryEntity,
      historyEntity('e1', { phase: 'applying' }),
      ['id'],
    );
    await writes.upsert(
      UpdateHistoryEntity,
      historyEntity('e1', {
        phase: 'finished',
        result: 'succeeded',
        details: { components: {}, plan: [], messages: ['done'] },
      }),
      ['id'],
    );
    expect(
      await source.getRepository(UpdateHistoryEntity).findOneBy({ id: 'e1' }),
    ).toMatchObject({
      phase: 'finished',
      result: 'succeeded',
      ownerReplica: 'replica-a',
      details: { messages: ['done'] },
    });
  });

  it('updates and deletes by key and answers the rows changed', async () => {
    await source
      .getRepository(CarEntity)
      .insert(carEntity({ id: 'c1', lastKnownVersion: '1.0.0' }));
    const changed = writes.update(
      CarEntity,
      { id: 'c1' },
      { lastKnownVersion: null, updatedAt: '2026-02-02T00:00:00.000Z' },
    );
    const missing = writes.update(
      CarEntity,
      { id: 'nope' },
      { lastKnownVersion: '2.0.0' },
    );
    await expect(changed).resolves.toBe(1);
    await expect(missing).resolves.toBe(0);
    expect(
      await rows(
        "SELECT lastKnownVersion, updatedAt FROM cars WHERE id = 'c1'",
      ),
    ).toEqual([
      { lastKnownVersion: null, updatedAt: '2026-02-02T00:00:00.000Z' },
    ]);
    await writes.upsert(SymphonyObjectEntity, object('gone', '1.0.0'), [
      'kind',
      'namespace',
      'name',
    ]);
    const gone = { kind: 'instance', namespace: 'default', name: 'gone' };
    await expect(writes.delete(SymphonyObjectEntity, gone)).resolves.toBe(1);
    await expect(writes.delete(SymphonyObjectEntity, gone)).resolves.toBe(0);
    // A condition that names nothing would match every row: refused, nothing written.
    expect(() =>
      writes.delete(SymphonyObjectEntity, { name: undefined }),
    ).toThrow(/needs a condition/);
    expect(() =>
      writes.update(CarEntity, { id: undefined }, { lastKnownVersion: 'x' }),
    ).toThrow(/needs a condition/);
    expect(await rows('SELECT COUNT(*) AS n FROM cars')).toEqual([{ n: 1 }]);
  });

  it('fails only the statement that fails; the others of its batch are committed', async () => {
    await writes.insert(UpdateHistoryEntity, historyEntity('taken'));
    const results = await Promise.allSettled([
      writes.insert(UpdateHistoryEntity, historyEntity('a')),
      writes.insert(UpdateHistoryEntity, historyEntity('taken')),
      writes.insert(UpdateHistoryEntity, historyEntity('b')),
    ]);
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect((results[1] as PromiseRejectedResult).reason.message).toMatch(
      /UNIQUE constraint failed/,
    );
    expect(await rows('SELECT id FROM update_history ORDER BY id')).toEqual([
      { id: 'a' },
      { id: 'b' },
      { id: 'taken' },
    ]);
  });

  it('flush() runs the queue at once, so that a read sees every write issued before it', async () => {
    const written = writes.insert(UpdateHistoryEntity, historyEntity('e1'));
    writes.flush();
    // Read synchronously, before any turn of the loop could have run the queue.
    expect(
      db.prepare('SELECT COUNT(*) AS n FROM update_history').get(),
    ).toEqual({ n: 1 });
    await written;
  });

  it('never commits inside a transaction someone else holds open; it waits until that one ended', async () => {
    db.exec('BEGIN');
    const written = writes.insert(UpdateHistoryEntity, historyEntity('e1'));
    writes.flush();
    await nextTurn();
    expect(writes.pending).toBe(1);
    db.exec('ROLLBACK');
    await written;
    expect(await rows('SELECT id FROM update_history')).toEqual([{ id: 'e1' }]);
  });

  it('after close() every write runs at once (the app is stopping)', async () => {
    const queued = writes.insert(UpdateHistoryEntity, historyEntity('e1'));
    writes.close();
    expect(writes.pending).toBe(0);
    const later = writes.insert(UpdateHistoryEntity, historyEntity('e2'));
    expect(writes.pending).toBe(0);
    await Promise.all([queued, later]);
    expect(await rows('SELECT id FROM update_history ORDER BY id')).toEqual([
      { id: 'e1' },
      { id: 'e2' },
    ]);
  });

  it('is the writer on SQLite only; PostgreSQL gets its own, another driver none', () => {
    expect(writes).toBeInstanceOf(SqliteWrites);
    const pool = { connect: jest.fn() };
    expect(
      groupWritesFor({
        options: { type: 'postgres' },
        driver: { master: pool },
      } as unknown as DataSource),
    ).toBeInstanceOf(PostgresWrites);
    expect(
      groupWritesFor({
        options: { type: 'mysql' },
        driver: {},
      } as unknown as DataSource),
    ).toBeNull();
  });
});
