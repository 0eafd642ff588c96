import { DataSource } from 'typeorm';

/** The advisory lock key of the schema migrations (any constant the replicas share). */
export const SCHEMA_LOCK_KEY = 7381245139;
export const SCHEMA_LOCK_WAIT_MS = 60_000;
const SCHEMA_LOCK_POLL_MS = 200;

export interface SchemaLockTimings {
  waitMs: number;
  pollMs: number;
  sleep: (ms: number) => Promise<void>;
}

const defaultTimings: SchemaLockTimings = {
  waitMs: SCHEMA_LOCK_WAIT_MS,
  pollMs: SCHEMA_LOCK_POLL_MS,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Creates or changes the schema of an initialized data source (the API's: `migrateSchema`). */
export type SchemaStep = (dataSource: DataSource) => Promise<void>;

/**
 * Initializes the data source and runs `schemaStep` (the migrations). On PostgreSQL, several replicas may start
 * at the same moment and each would run the same migrations (one fails on a duplicate table): the step runs
 * under a session advisory lock, one replica after the other (the later ones find nothing left to apply). The
 * lock is waited for at most `waitMs`. SQLite has one process: no lock. A failed step closes the data source.
 */
export async function initializeWithSchemaLock(
  dataSource: DataSource,
  schemaStep: SchemaStep,
  timings: SchemaLockTimings = defaultTimings,
): Promise<DataSource> {
  if (!dataSource.isInitialized) await dataSource.initialize();
  try {
    if (dataSource.options.type === 'postgres')
      await underLock(dataSource, () => schemaStep(dataSource), timings);
    else await schemaStep(dataSource);
  } catch (error) {
    await dataSource.destroy().catch(() => undefined);
    throw error;
  }
  return dataSource;
}

async function underLock(
  dataSource: DataSource,
  step: () => Promise<void>,
  timings: SchemaLockTimings,
): Promise<void> {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await takeLock(runner, timings);
    try {
      await step();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [SCHEMA_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}

async function takeLock(
  runner: { query: (sql: string, params?: unknown[]) => Promise<unknown> },
  timings: SchemaLockTimings,
): Promise<void> {
  const until = Date.now() + timings.waitMs;
  for (;;) {
    const rows = (await runner.query(
      'SELECT pg_try_advisory_lock($1) AS locked',
      [SCHEMA_LOCK_KEY],
    )) as { locked: boolean }[];
    if (rows[0]?.locked === true) return;
    if (Date.now() >= until)
      throw new Error(
        `schema lock not obtained in ${timings.waitMs} ms (another replica is migrating the schema)`,
      );
    await timings.sleep(timings.pollMs);
  }
}
