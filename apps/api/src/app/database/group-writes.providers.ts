import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { GroupWrites } from './group-writes';
import { PostgresWrites } from './postgres-writes';
import type { PgPoolHandle } from './postgres-writes';
import { SqliteWrites } from './sqlite-writes';
import type { SqliteHandle } from './sqlite-writes';

/** The group writer of the data source's driver (null for another driver: the repositories then use TypeORM). */
export function groupWritesFor(dataSource: DataSource): GroupWrites | null {
  const driver = dataSource.driver as unknown as {
    databaseConnection?: SqliteHandle;
    master?: PgPoolHandle;
  };
  if (dataSource.options.type === 'better-sqlite3' && driver.databaseConnection)
    return new SqliteWrites(driver.databaseConnection, dataSource);
  if (dataSource.options.type === 'postgres' && driver.master)
    return new PostgresWrites(driver.master, dataSource);
  return null;
}

/** The injection token of `GroupWrites | null`. */
export const GROUP_WRITES = Symbol('GROUP_WRITES');

/**
 * Runs the queued writes when the app begins to stop (TypeORM, a global module, closes the database after every
 * other module's shutdown hook); writes made during the stop run at once.
 */
@Injectable()
export class GroupWritesShutdown implements BeforeApplicationShutdown {
  constructor(
    @Inject(GROUP_WRITES) private readonly writes: GroupWrites | null,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    await this.writes?.close();
  }
}
