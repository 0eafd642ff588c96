import { DataSource, Entity, PrimaryColumn } from 'typeorm';
import { carEntity, historyEntity } from '../../testing/factories';
import { UpdateHistoryEntity } from '../updates/update-history.entity';
import { CarEntity } from './car.entity';
import { groupWritesFor } from './group-writes.providers';
import { PG_STATEMENT_ROWS, PostgresWrites } from './postgres-writes';
import { createScratchDatabase } from './scratch-postgres';
import type { ScratchDatabase } from './scratch-postgres';
import { SymphonyObjectEntity } from './symphony-object.entity';

/**
 * Against the PostgreSQL server of DATABASE_URL, a scratch database per test, next to TypeORM writing the same
 * tables. Left out unless DATABASE_URL is set (jest.config.cts); `npm run test:services` runs it.
 */
const server = process.env['DATABASE_URL'] ?? '';
const AT = '2026-01-01T00:00:00.000Z';
const OBJECT_KEY = ['kind', 'namespace', 'name'] as const;

const object = (name: string, version: string): SymphonyObjectEntity => ({
  kind: 'instance',
  namespace: 'default',
  name,
  body: { metadata: { name }, spec: { version, note: 'it\'s "quoted"' } },
  generation: 1,
  createdAt: AT,
  updatedAt: AT,
});

/** A table of key columns only: its upsert is INSERT … ON CONFLICT DO NOTHING. */
@Entity('tags')
class TagEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  name!: string;
}

describe(PostgresWrites.name, () => {
  let scratch: ScratchDatabase;
  let source: DataSource;
  let writes: PostgresWrites;

  const rows = (sql: string) =>
    source.query(sql) as Promise<Record<string, unknown>[]>;
  const count = async (table: string) =>
    Number((await rows(`SELECT COUNT(*) AS n FROM ${table}`))[0]['n']);

  beforeEach(async () => {
    scratch = await createScratchDatabase(server, 'fleet_writes');
    source = new DataSource({
      type: 'postgres',
      url: scratch.url,
      entities: [
        CarEntity,
        SymphonyObjectEntity,
        UpdateHistoryEntity,
        TagEntity,
      ],
      synchronize: true,
    });
    await source.initialize();
    writes = groupWritesFor(source) as PostgresWrites;
  });

  afterEach(async () => {
    await writes.close();
    await source.destroy();
    await scratch.dispose();
  });

  it('is the writer on PostgreSQL and stores a row exactly as TypeORM does (JSON columns, quotes, nulls)', async () => {
    expect(writes).toBeInstanceOf(PostgresWrites);
    await source.getRepository(SymphonyObjectEntity).upsert(
      object('by-typeorm', '1.0.0') as SymphonyObjectEntity & {
        body: object;
      },
      [...OBJECT_KEY],
    );
    await writes.upsert(SymphonyObjectEntity, object('by-batch', '1.0.0'), [
      ...OBJECT_KEY,
    ]);
    await source
      .getRepository(UpdateHistoryEntity)
      .insert(historyEntity('orm-1'));
    await writes.insert(UpdateHistoryEntity, historyEntity('sql-1'));

    const [typeorm, batch] = await rows(
      'SELECT * FROM symphony_objects ORDER BY name DESC',
    );
    // The same text but for the name inside the body.
    expect({
      ...batch,
      name: 'x',
      body: String(batch['body']).replace('by-batch', 'by-typeorm'),
    }).toEqual({ ...typeorm, name: 'x' });
    const [h1, h2] = await rows('SELECT * FROM update_history ORDER BY id');
    expect({ ...h1, id: 'x', jobId: 'x' }).toEqual({
      ...h2,
      id: 'x',
      jobId: 'x',
    });
    expect(
      await source
        .getRepository(UpdateHistoryEntity)
        .findOneBy({ id: 'sql-1' }),
    ).toEqual({ ...historyEntity('sql-1'), ownerReplica: null });
  });

  it('sends the writes of one turn as one statement per shape, in one transaction; each promise settles once committed', async () => {
    await source
      .getRepository(CarEntity)
      .insert(Array.from({ length: 40 }, (_, i) => carEntity({ id: `c${i}` })));
    const done: string[] = [];
    const written = Array.from({ length: 40 }, (_, i) => [
      writes
        .upsert(SymphonyObjectEntity, object(`car-${i}`, '1.0.0'), [
          ...OBJECT_KEY,
        ])
        .then((n) => done.push(`object ${n}`)),
      writes
        .insert(UpdateHistoryEntity, historyEntity(`e${i}`, { carId: `c${i}` }))
        .then((n) => done.push(`entry ${n}`)),
      writes
        .update(
          CarEntity,
          { id: `c${i}` },
          { lastKnownVersion: `2.0.${i}`, updatedAt: AT },
        )
        .then((n) => done.push(`car ${n}`)),
    ]).flat();
    expect(writes.pending).toBe(120);
    expect(await count('symphony_objects')).toBe(0);
    await Promise.all(written);
    expect(done.sort()).toEqual([
      ...Array(40).fill('car 1'),
      ...Array(40).fill('entry 1'),
      ...Array(40).fill('object 1'),
    ]);
    expect(writes.batches).toBe(1);
    expect(writes.written).toBe(120);
    // Three shapes: one multi-row upsert, one multi-row insert, one UPDATE … FROM (VALUES …).
    expect(writes.statements).toBe(3);
    expect(await count('symphony_objects')).toBe(40);
    expect(await count('update_history')).toBe(40);
    expect(
      await rows(
        `SELECT id, "lastKnownVersion" FROM cars WHERE id IN ('c0', 'c39') ORDER BY id`,
      ),
    ).toEqual([
      { id: 'c0', lastKnownVersion: '2.0.0' },
      { id: 'c39', lastKnownVersion: '2.0.39' },
    ]);
  });

  it('keeps the order of the writes to one row, and leaves columns the row does not define as they were', async () => {
    void writes.insert(
      UpdateHistoryEntity,
      historyEntity('e1', { ownerReplica: 'replica-a' }),
    );
    // A row without `ownerReplica`, then one with it (another shape), then one without again: the third may not
    // join the first's statement past the second, which writes the same row.
    void writes.upsert(
      UpdateHistoryEntity,
      historyEntity('e1', { phase: 'applying' }),
      ['id'],
    );
    void writes.upsert(
      UpdateHistoryEntity,
      historyEntity('e1', { phase: 'planning', ownerReplica: 'replica-b' }),
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
    expect(writes.statements).toBe(4);
    expect(
      await source.getRepository(UpdateHistoryEntity).findOneBy({ id: 'e1' }),
    ).toMatchObject({
      phase: 'finished',
      result: 'succeeded',
      ownerReplica: 'replica-b',
      details: { messages: ['done'] },
    });
  });

  it('joins a write to an earlier statement of its shape past writes of other rows; the last write of a row wins', async () => {
    void writes.upsert(UpdateHistoryEntity, historyEntity('a'), ['id']);
    void writes.upsert(
      UpdateHistoryEntity,
      historyEntity('b', { ownerReplica: 'replica-b' }),
      ['id'],
    );
    const first = writes.upsert(
      UpdateHistoryEntity,
      historyEntity('c', { toVersion: '1.0.0' }),
      ['id'],
    );
    const again = writes.upsert(
      UpdateHistoryEntity,
      historyEntity('c', { toVersion: '2.0.0' }),
      ['id'],
    );
    await expect(Promise.all([first, again])).resolves.toEqual([1, 1]);
    // `a` and both `c`s in one statement, `b` (with an owner) in another.
    expect(writes.statements).toBe(2);
    expect(
      await rows(
        `SELECT id, "toVersion", owner_replica AS "ownerReplica" FROM update_history ORDER BY id`,
      ),
    ).toEqual([
      { id: 'a', toVersion: '1.2.4', ownerReplica: null },
      { id: 'b', toVersion: '1.2.4', ownerReplica: 'replica-b' },
      { id: 'c', toVersion: '2.0.0', ownerReplica: null },
    ]);
  });

  it('updates and deletes by key and answers the rows changed', async () => {
    await source
      .getRepository(CarEntity)
      .insert([
        carEntity({ id: 'c1', lastKnownVersion: '1.0.0' }),
        carEntity({ id: 'c2', lastKnownVersion: '1.0.0' }),
      ]);
    const set = {
      lastKnownVersion: null,
      updatedAt: '2026-02-02T00:00:00.000Z',
    };
    const changed = [
      writes.update(CarEntity, { id: 'c1' }, set),
      writes.update(CarEntity, { id: 'nope' }, set),
      writes.update(CarEntity, { id: 'c2' }, set),
    ];
    await expect(Promise.all(changed)).resolves.toEqual([1, 0, 1]);
    expect(writes.statements).toBe(1);
    expect(
      await rows(
        `SELECT "lastKnownVersion", "updatedAt" FROM cars ORDER BY id`,
      ),
    ).toEqual([
      { lastKnownVersion: null, updatedAt: '2026-02-02T00:00:00.000Z' },
      { lastKnownVersion: null, updatedAt: '2026-02-02T00:00:00.000Z' },
    ]);
    // The same row twice in one turn: the second waits for the first (both count).
    await expect(
      Promise.all([
        writes.update(
          CarEntity,
          { id: 'c1' },
          { lastKnownVersion: '3.0.0', updatedAt: AT },
        ),
        writes.update(
          CarEntity,
          { id: 'c1' },
          { lastKnownVersion: '4.0.0', updatedAt: AT },
        ),
      ]),
    ).resolves.toEqual([1, 1]);
    expect(
      await rows(`SELECT "lastKnownVersion" FROM cars WHERE id = 'c1'`),
    ).toEqual([{ lastKnownVersion: '4.0.0' }]);

    await writes.upsert(SymphonyObjectEntity, object('gone', '1.0.0'), [
      ...OBJECT_KEY,
    ]);
    const gone = { kind: 'instance', namespace: 'default', name: 'gone' };
    await expect(writes.delete(SymphonyObjectEntity, gone)).resolves.toBe(1);
    await expect(writes.delete(SymphonyObjectEntity, gone)).resolves.toBe(0);
    expect(() =>
      writes.delete(SymphonyObjectEntity, { name: undefined }),
    ).toThrow(/needs a condition/);
    expect(await count('cars')).toBe(2);
  });

  it('deletes the rows of one turn in one statement, each caller answered with its own rows, in order with the other writes', async () => {
    for (const name of ['d1', 'd2', 'd3'])
      await writes.upsert(SymphonyObjectEntity, object(name, '1.0.0'), [
        ...OBJECT_KEY,
      ]);
    const key = (name: string) => ({
      kind: 'instance',
      namespace: 'default',
      name,
    });
    const before = writes.statements;
    const deleted = [
      writes.delete(SymphonyObjectEntity, key('d1')),
      writes.delete(SymphonyObjectEntity, key('absent')),
      writes.delete(SymphonyObjectEntity, key('d3')),
      // The same key again: it runs after the first and finds nothing.
      writes.delete(SymphonyObjectEntity, key('d1')),
    ];
    await expect(Promise.all(deleted)).resolves.toEqual([1, 0, 1, 0]);
    expect(writes.statements - before).toBe(2);
    expect(await rows(`SELECT name FROM symphony_objects`)).toEqual([
      { name: 'd2' },
    ]);

    // An upsert between two deletes of its key keeps its place: deleted, written, deleted again.
    const order = [
      writes.delete(SymphonyObjectEntity, key('d2')),
      writes.upsert(SymphonyObjectEntity, object('d2', '2.0.0'), [
        ...OBJECT_KEY,
      ]),
      writes.delete(SymphonyObjectEntity, key('d4')),
      writes.delete(SymphonyObjectEntity, key('d2')),
    ];
    await expect(Promise.all(order)).resolves.toEqual([1, 1, 0, 1]);
    expect(await count('symphony_objects')).toBe(0);
  });

  it('answers 1 for a DO NOTHING upsert that inserted, 0 for one whose row existed', async () => {
    await writes.upsert(TagEntity, { name: 'k' }, ['name']);
    await expect(
      Promise.all([
        writes.upsert(TagEntity, { name: 'k' }, ['name']),
        writes.upsert(TagEntity, { name: 'k2' }, ['name']),
      ]),
    ).resolves.toEqual([0, 1]);
    expect(writes.statements).toBe(2);
    expect(await count('tags')).toBe(2);
  });

  it('fails only the write that fails; the others of its batch are committed', async () => {
    await writes.insert(UpdateHistoryEntity, historyEntity('taken'));
    const results = await Promise.allSettled([
      writes.insert(UpdateHistoryEntity, historyEntity('a')),
      writes.insert(UpdateHistoryEntity, historyEntity('taken')),
      writes.upsert(SymphonyObjectEntity, object('x', '1.0.0'), [
        ...OBJECT_KEY,
      ]),
      writes.insert(UpdateHistoryEntity, historyEntity('b')),
    ]);
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect((results[1] as PromiseRejectedResult).reason.message).toMatch(
      /duplicate key/,
    );
    expect(await rows('SELECT id FROM update_history ORDER BY id')).toEqual([
      { id: 'a' },
      { id: 'b' },
      { id: 'taken' },
    ]);
    expect(await count('symphony_objects')).toBe(1);
  });

  it(`splits a shape's rows over statements of at most ${PG_STATEMENT_ROWS}`, async () => {
    const n = 2 * PG_STATEMENT_ROWS + 7;
    await Promise.all(
      Array.from({ length: n }, (_, i) =>
        writes.upsert(SymphonyObjectEntity, object(`o${i}`, '1.0.0'), [
          ...OBJECT_KEY,
        ]),
      ),
    );
    expect(writes.statements).toBe(3);
    expect(await count('symphony_objects')).toBe(n);
  });

  it('flush() settles once every write issued before is committed, so that a read after it sees them', async () => {
    void writes.insert(UpdateHistoryEntity, historyEntity('e1'));
    void writes.upsert(SymphonyObjectEntity, object('o1', '1.0.0'), [
      ...OBJECT_KEY,
    ]);
    await writes.flush();
    expect(await count('update_history')).toBe(1);
    expect(await count('symphony_objects')).toBe(1);
    await expect(writes.flush()).resolves.toBeUndefined();
  });

  it('after close() every write starts at once (the app is stopping)', async () => {
    const queued = writes.insert(UpdateHistoryEntity, historyEntity('e1'));
    const closed = writes.close();
    expect(writes.pending).toBe(0);
    const later = writes.insert(UpdateHistoryEntity, historyEntity('e2'));
    await Promise.all([queued, closed, later]);
    expect(await rows('SELECT id FROM update_history ORDER BY id')).toEqual([
      { id: 'e1' },
      { id: 'e2' },
    ]);
  });
});
