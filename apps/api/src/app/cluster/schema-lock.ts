import { Logger } from '@nestjs/common';
import { DataSource, DataSourceOptions } from 'typeorm';

const logger = new Logger('DatabaseSchema');

/** The advisory lock key of the schema creation (any constant the replicas share). */
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

/**
 * Initializes the data source and creates or alters the tables (TypeORM `synchronize`). On PostgreSQL,
 * several replicas may start at the same moment and each would create the same tables (one fails on a
 * duplicate type or table): the synchronize runs under a session advisory lock, one replica after the other
 * (the later ones find the schema done). The lock is waited for at most `waitMs`. SQLite has one process.
 */
export async function initializeWithSchemaLock(
  dataSource: DataSource,
  timings: SchemaLockTimings = defaultTimings,
): Promise<DataSource> {
  const synchronize = dataSource.options.synchronize ?? false;
  if (dataSource.options.type !== 'postgres') {
    if (!dataSource.isInitialized) await dataSource.initialize();
    return dataSource;
  }
  // Initialized without synchronizing; the synchronize follows under the lock.
  dataSource.setOptions({ synchronize: false } as Partial<DataSourceOptions>);
  if (!dataSource.isInitialized) await dataSource.initialize();
  if (!synchronize) return dataSource;
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await takeLock(runner, timings);
    try {
      // A replica that waited finds the schema made by the one before it: nothing left to do.
      const pending = await dataSource.driver.createSchemaBuilder().log();
      if (pending.upQueries.length === 0) logger.log('schema up to date');
      else {
        logger.log(
          `creating or altering the schema (${pending.upQueries.length} statements, under the schema lock)`,
        );
        await dataSource.synchronize();
      }
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [SCHEMA_LOCK_KEY]);
    }
  } catch (error) {
    await dataSource.destroy().catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
  }
  return dataSource;
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
        `schema lock not obtained in ${timings.waitMs} ms (another replica is creating the schema)`,
      );
    await timings.sleep(timings.pollMs);
  }
}
