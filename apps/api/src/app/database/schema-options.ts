import { ENTITIES } from './entities';
import { POSTGRES_MIGRATIONS } from './migrations/postgres';
import { SQLITE_MIGRATIONS } from './migrations/sqlite';

/** The table TypeORM records applied migrations in. */
export const MIGRATIONS_TABLE = 'schema_migrations';

export type SchemaDriver = 'sqlite' | 'postgres';

/**
 * What makes the schema, for the API and the migration generator alike: the entities and the driver's
 * migrations (classes listed explicitly: webpack bundles the API, so no glob paths). Never `synchronize`.
 */
export function schemaOptions(driver: SchemaDriver) {
  return {
    entities: ENTITIES,
    migrations: driver === 'postgres' ? POSTGRES_MIGRATIONS : SQLITE_MIGRATIONS,
    migrationsTableName: MIGRATIONS_TABLE,
    // Run by migrateSchema under the schema lock, not by DataSource.initialize().
    migrationsRun: false,
    synchronize: false,
  } as const;
}
