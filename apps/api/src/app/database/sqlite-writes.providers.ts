import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { SqliteWrites } from './sqlite-writes';
import type { SqliteHandle } from './sqlite-writes';

/** The batch writer on SQLite, null on PostgreSQL (the repositories then write through TypeORM). */
export function sqliteWritesFor(dataSource: DataSource): SqliteWrites | null {
  if (dataSource.options.type !== 'better-sqlite3') return null;
  const db = (
    dataSource.driver as unknown as { databaseConnection: SqliteHandle }
  ).databaseConnection;
  return new SqliteWrites(db, dataSource);
}

/** The injection token of `SqliteWrites | null`. */
export const SQLITE_WRITES = Symbol('SQLITE_WRITES');

/**
 * Runs the queued writes when the app begins to stop (TypeORM, a global module, closes the database after every
 * other module's shutdown hook); writes made during the stop run at once.
 */
@Injectable()
export class SqliteWritesShutdown implements BeforeApplicationShutdown {
  constructor(
    @Inject(SQLITE_WRITES) private readonly writes: SqliteWrites | null,
  ) {}

  beforeApplicationShutdown(): void {
    this.writes?.close();
  }
}
