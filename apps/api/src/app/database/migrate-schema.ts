import { Logger } from '@nestjs/common';
import { DataSource, MigrationExecutor, QueryRunner } from 'typeorm';

const logger = new Logger('DatabaseSchema');

/**
 * Brings the schema to the entities by the driver's migrations. A database made by the `synchronize` of earlier
 * versions (its tables there, no migrations table) is baselined first: the initial migration is recorded as
 * applied instead of run. Afterwards the schema is compared with the entities; a difference is logged (a
 * migration missing for an entity change), never altered here.
 */
export async function migrateSchema(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  try {
    await baselineIfSynchronized(dataSource, runner);
  } finally {
    await runner.release();
  }
  const applied = await dataSource.runMigrations({ transaction: 'all' });
  if (applied.length > 0)
    logger.log(`applied ${applied.map((m) => m.name).join(', ')}`);
  const pending = await dataSource.driver.createSchemaBuilder().log();
  if (pending.upQueries.length === 0) logger.log('schema up to date');
  else
    logger.warn(
      `the schema differs from the entities (${pending.upQueries.length} statements, first: ${pending.upQueries[0].query}); ` +
        'add a migration (npm run db:migration -- <Name>)',
    );
}

/** True when it baselined the database. */
export async function baselineIfSynchronized(
  dataSource: DataSource,
  runner: QueryRunner,
): Promise<boolean> {
  const migrationsTable =
    dataSource.options.migrationsTableName ?? 'migrations';
  if (await runner.hasTable(migrationsTable)) return false;
  const tables = dataSource.entityMetadatas.map((m) => m.tablePath);
  if (!(await anyTable(runner, tables))) return false;
  const recorded = await new Baseline(dataSource, runner).recordInitial();
  logger.log(
    `baselined a database made by synchronize: ${recorded} recorded as applied, not run`,
  );
  return true;
}

async function anyTable(
  runner: QueryRunner,
  tables: string[],
): Promise<boolean> {
  for (const table of tables) if (await runner.hasTable(table)) return true;
  return false;
}

/** TypeORM's executor keeps creating its table and recording a migration protected. */
class Baseline extends MigrationExecutor {
  constructor(
    dataSource: DataSource,
    private readonly runner: QueryRunner,
  ) {
    super(dataSource, runner);
  }

  async recordInitial(): Promise<string> {
    const [initial] = this.getMigrations();
    if (!initial) throw new Error('no migrations to baseline with');
    await this.createMigrationsTableIfNotExist(this.runner);
    await this.insertExecutedMigration(this.runner, initial);
    return initial.name;
  }
}
