import type { DataSource } from 'typeorm';
import {
  initializeWithSchemaLock,
  SchemaLockTimings,
  SchemaStep,
} from './schema-lock';

/** One PostgreSQL's advisory locks, shared by the fake replicas' sessions. */
class FakeLocks {
  holder: object | null = null;
  /** The migrations were applied (by the first replica's step). */
  migrated = false;
  readonly log: string[] = [];
}

function fakeDataSource(
  locks: FakeLocks,
  type: 'postgres' | 'better-sqlite3' = 'postgres',
) {
  const ds = {
    options: { type },
    isInitialized: false,
    initialize: jest.fn(async (): Promise<unknown> => {
      ds.isInitialized = true;
      return ds;
    }),
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

/** A migration step that records its start and end and applies only what is left (as runMigrations does). */
function migrations(locks: FakeLocks, name: string, ms = 20): SchemaStep {
  return async () => {
    locks.log.push(
      `${name} start${locks.migrated ? ' (nothing pending)' : ''}`,
    );
    await new Promise((r) => setTimeout(r, ms));
    locks.migrated = true;
    locks.log.push(`${name} end`);
  };
}

const fast: SchemaLockTimings = {
  waitMs: 2_000,
  pollMs: 5,
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

const asDataSource = (ds: ReturnType<typeof fakeDataSource>) =>
  ds as unknown as DataSource;

describe(initializeWithSchemaLock.name, () => {
  it('two replicas starting together migrate one after the other, each under the lock', async () => {
    const locks = new FakeLocks();
    const a = fakeDataSource(locks);
    const b = fakeDataSource(locks);

    await Promise.all([
      initializeWithSchemaLock(asDataSource(a), migrations(locks, 'a'), fast),
      initializeWithSchemaLock(asDataSource(b), migrations(locks, 'b'), fast),
    ]);

    // Never interleaved: one migrates; the other waited for the lock and found nothing pending.
    expect(locks.log).toHaveLength(4);
    const [first, second] = [locks.log[0], locks.log[2]].map(
      (l) => l.split(' ')[0],
    );
    expect(locks.log).toEqual([
      `${first} start`,
      `${first} end`,
      `${second} start (nothing pending)`,
      `${second} end`,
    ]);
    expect(a.isInitialized && b.isInitialized).toBe(true);
    expect(locks.holder).toBeNull();
  });

  it('gives up (and closes the data source) when the lock stays taken past the wait', async () => {
    const locks = new FakeLocks();
    locks.holder = {};
    const a = fakeDataSource(locks);

    await expect(
      initializeWithSchemaLock(asDataSource(a), migrations(locks, 'a'), {
        ...fast,
        waitMs: 30,
      }),
    ).rejects.toThrow(/schema lock not obtained in 30 ms/);
    expect(a.destroy).toHaveBeenCalled();
    expect(locks.log).toEqual([]);
  });

  it('SQLite: initialized and migrated, no lock', async () => {
    const locks = new FakeLocks();
    const a = fakeDataSource(locks, 'better-sqlite3');
    a.createQueryRunner = () => {
      throw new Error('no lock session on SQLite');
    };

    await initializeWithSchemaLock(
      asDataSource(a),
      migrations(locks, 'a'),
      fast,
    );

    expect(a.initialize).toHaveBeenCalled();
    expect(locks.log).toEqual(['a start', 'a end']);
  });

  it('unlocks and closes the data source when the migrations fail', async () => {
    const locks = new FakeLocks();
    const a = fakeDataSource(locks);

    await expect(
      initializeWithSchemaLock(
        asDataSource(a),
        async () => {
          throw new Error('duplicate key');
        },
        fast,
      ),
    ).rejects.toThrow('duplicate key');
    expect(locks.holder).toBeNull();
    expect(a.destroy).toHaveBeenCalled();
  });
});
