import { DataSource, DataSourceOptions } from 'typeorm';
import { appConfig } from '../../testing/factories';
import { describeSchemaMigrations } from '../../testing/schema-migration-cases';
import { initializeWithSchemaLock } from '../cluster/schema-lock';
import { AppConfigService } from '../config/app-config.service';
import { typeOrmOptions } from './database.module';
import { migrateSchema } from './migrate-schema';
import { MIGRATIONS_TABLE } from './schema-options';
import { createScratchDatabase } from './scratch-postgres';

/**
 * The same cases on PostgreSQL, each in a database of its own on the server of DATABASE_URL (created and
 * dropped here). Left out unless DATABASE_URL is set (jest.config.cts); `npm run test:services` runs it.
 */
const server = process.env['DATABASE_URL'] ?? '';

describeSchemaMigrations('PostgreSQL', async () => {
  const { url, dispose } = await createScratchDatabase(server, 'fleet_schema');
  return { config: { type: 'postgres', url }, dispose };
});

describe('two replicas starting at once on an empty PostgreSQL database', () => {
  const sources: DataSource[] = [];
  let dispose: () => Promise<void>;

  afterEach(async () => {
    for (const source of sources.splice(0))
      if (source.isInitialized) await source.destroy();
    await dispose();
  });

  it('both start; the migrations run once, under the schema lock', async () => {
    const scratch = await createScratchDatabase(server, 'fleet_schema');
    dispose = scratch.dispose;
    const config = new AppConfigService(
      appConfig({ database: { type: 'postgres', url: scratch.url } }),
    );
    const replica = () => {
      const source = new DataSource(
        typeOrmOptions(config) as DataSourceOptions,
      );
      sources.push(source);
      return initializeWithSchemaLock(source, migrateSchema);
    };

    const [a, b] = await Promise.all([replica(), replica()]);

    const applied = (await a.query(
      `SELECT "name" FROM "${MIGRATIONS_TABLE}"`,
    )) as { name: string }[];
    expect(applied.map((m) => m.name)).toEqual(a.migrations.map((m) => m.name));
    expect((await b.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
  });
});

describe('the connection pool on PostgreSQL (DATABASE_POOL_SIZE)', () => {
  it('runs at most poolSize statements at once; the others wait for a connection', async () => {
    const scratch = await createScratchDatabase(server, 'fleet_pool');
    const source = new DataSource(
      typeOrmOptions(
        new AppConfigService(
          appConfig({
            database: { type: 'postgres', url: scratch.url, poolSize: 3 },
          }),
        ),
      ) as DataSourceOptions,
    );
    try {
      await source.initialize();
      const database = new URL(scratch.url).pathname.slice(1);
      const sleeping = Array.from({ length: 6 }, () =>
        source.query('SELECT pg_sleep(0.5)'),
      );
      // Asked from outside the pool, while the first three sleep.
      await new Promise((resolve) => setTimeout(resolve, 250));
      const probe = new DataSource({ type: 'postgres', url: server });
      await probe.initialize();
      try {
        const [{ count }] = await probe.query(
          `SELECT count(*)::int AS count FROM pg_stat_activity WHERE datname = $1 AND query LIKE 'SELECT pg_sleep%' AND state = 'active'`,
          [database],
        );
        expect(count).toBe(3);
      } finally {
        await probe.destroy();
      }
      await Promise.all(sleeping);
    } finally {
      if (source.isInitialized) await source.destroy();
      await scratch.dispose();
    }
  });
});
