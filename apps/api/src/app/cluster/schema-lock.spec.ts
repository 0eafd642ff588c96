import type { DataSource } from 'typeorm';
import { initializeWithSchemaLock, SchemaLockTimings } from './schema-lock';

/** One PostgreSQL's advisory locks, shared by the fake replicas' sessions. */
class FakeLocks {
  holder: object | null = null;
  /** The tables exist (the first synchronize ran). */
  schemaDone = false;
  readonly log: string[] = [];
}

function fakeDataSource(
  locks: FakeLocks,
  name: string,
  type: 'postgres' | 'better-sqlite3' = 'postgres',
  syncMs = 20,
) {
  const options: Record<string, unknown> = { type, synchronize: true };
  const ds = {
    options,
    isInitialized: false,
    initializedWith: undefined as unknown,
    setOptions: (o: Record<string, unknown>) => Object.assign(options, o),
    initialize: async () => {
      ds.initializedWith = options['synchronize'];
      ds.isInitialized = true;
      return ds;
    },
    driver: {
      createSchemaBuilder: () => ({
        log: async () => ({
          upQueries: locks.schemaDone ? [] : [{ query: 'CREATE TABLE' }],
        }),
      }),
    },
    synchronize: async () => {
      locks.log.push(`${name} sync start`);
      await new Promise((r) => setTimeout(r, syncMs));
      locks.schemaDone = true;
      locks.log.push(`${name} sync end`);
    },
    destroy: jest.fn(async () => undefined),
    createQueryRunner: () => {
      const session = {};
      return {
        connect: async () => undefined,
        release: jest.fn(async () => undefined),
        query: async (sql: string) => {
          if (sql.includes('pg_try_advisory_lock')) {
            if (locks.holder && locks.holder !== session)
              return [{ locked: false }];
            locks.holder = session;
            return [{ locked: true }];
          }
          if (sql.includes('pg_advisory_unlock')) {
            if (locks.holder === session) locks.holder = null;
            return [{ pg_advisory_unlock: true }];
          }
          throw new Error(`unexpected ${sql}`);
        },
      };
    },
  };
  return ds;
}

const fast: SchemaLockTimings = {
  waitMs: 2_000,
  pollMs: 5,
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

describe(initializeWithSchemaLock.name, () => {
  it('two replicas starting together synchronize one after the other, each under the lock', async () => {
    const locks = new FakeLocks();
    const a = fakeDataSource(locks, 'a');
    const b = fakeDataSource(locks, 'b');

    await Promise.all([
      initializeWithSchemaLock(a as unknown as DataSource, fast),
      initializeWithSchemaLock(b as unknown as DataSource, fast),
    ]);

    // One creates the schema; the other waited for the lock and found it done.
    expect(locks.log).toHaveLength(2);
    expect(locks.log[0].split(' ')[0]).toBe(locks.log[1].split(' ')[0]);
    expect(locks.log[1]).toMatch(/end$/);
    // Initialized without TypeORM's own synchronize; the lock is free again.
    expect(a.initializedWith).toBe(false);
    expect(b.initializedWith).toBe(false);
    expect(locks.holder).toBeNull();
  });

  it('gives up (and closes the data source) when the lock stays taken past the wait', async () => {
    const locks = new FakeLocks();
    locks.holder = {};
    const a = fakeDataSource(locks, 'a');

    await expect(
      initializeWithSchemaLock(a as unknown as DataSource, {
        ...fast,
        waitMs: 30,
      }),
    ).rejects.toThrow(/schema lock not obtained in 30 ms/);
    expect(a.destroy).toHaveBeenCalled();
    expect(locks.log).toEqual([]);
  });

  it('SQLite: initialized as configured, no lock', async () => {
    const locks = new FakeLocks();
    const a = fakeDataSource(locks, 'a', 'better-sqlite3');

    await initializeWithSchemaLock(a as unknown as DataSource, fast);

    expect(a.initializedWith).toBe(true);
    expect(locks.log).toEqual([]);
  });

  it('two replicas on a changed schema: each alters under the lock, never at the same time', async () => {
    const locks = new FakeLocks();
    const a = fakeDataSource(locks, 'a');
    const b = fakeDataSource(locks, 'b');
    // Each sees work to do (e.g. two versions with different entities).
    for (const ds of [a, b])
      ds.driver.createSchemaBuilder = () => ({
        log: async () => ({ upQueries: [{ query: 'ALTER TABLE' }] }),
      });

    await Promise.all([
      initializeWithSchemaLock(a as unknown as DataSource, fast),
      initializeWithSchemaLock(b as unknown as DataSource, fast),
    ]);

    expect(locks.log).toHaveLength(4);
    expect(locks.log[0].split(' ')[0]).toBe(locks.log[1].split(' ')[0]);
    expect(locks.log[2].split(' ')[0]).toBe(locks.log[3].split(' ')[0]);
    expect(locks.log[1]).toMatch(/end$/);
  });

  it('unlocks even when the synchronize fails', async () => {
    const locks = new FakeLocks();
    const a = fakeDataSource(locks, 'a');
    a.synchronize = async () => {
      throw new Error('duplicate key');
    };

    await expect(
      initializeWithSchemaLock(a as unknown as DataSource, fast),
    ).rejects.toThrow('duplicate key');
    expect(locks.holder).toBeNull();
  });
});
