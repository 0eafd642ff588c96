import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { GroupWrites } from './group-writes';
import { quote, WriteShapes } from './write-shapes';

/** The part of a better-sqlite3 database this uses. */
export interface SqliteHandle {
  readonly inTransaction: boolean;
  prepare(sql: string): { run(...params: unknown[]): { changes: number } };
  transaction(work: () => void): () => void;
}

/** Statements queued at most: beyond this a write runs the queue at once (the caller still gets a promise). */
export const MAX_QUEUED_WRITES = 2000;

interface Queued {
  sql: string;
  params: unknown[];
  resolve(changes: number): void;
  reject(error: unknown): void;
}

/**
 * Group commit of the busiest writes on SQLite (a deployment's history entry, its Symphony objects, a car's
 * version). Through TypeORM each statement was built anew (~35 µs) and committed on its own; a 3,000-car update
 * wrote 42,000 of them. Here statements are prepared once per shape, queued until the event loop's next turn and
 * run together in one transaction; each caller's promise settles once its statement is committed, so awaiting a
 * write means what it meant before. A batch that fails runs again statement by statement, so one bad row fails
 * only its own caller. Readers of these tables call `flush()` first and see every write issued before.
 *
 * On PostgreSQL `PostgresWrites` does the same job with multi-row statements.
 */
export class SqliteWrites implements GroupWrites {
  private readonly logger = new Logger(SqliteWrites.name);
  private readonly statements = new Map<
    string,
    ReturnType<SqliteHandle['prepare']>
  >();
  private readonly shapes = new Map<string, string>();
  private queue: Queued[] = [];
  private scheduled = false;
  /** After `close()`: every write runs at once, as it would through TypeORM (the app is shutting down). */
  private immediate = false;
  /** Batches committed and statements in them (for tests and benchmarks). */
  batches = 0;
  written = 0;

  private readonly columns: WriteShapes;

  constructor(
    private readonly db: SqliteHandle,
    dataSource: Pick<DataSource, 'getMetadata' | 'driver'>,
  ) {
    this.columns = new WriteShapes(dataSource);
  }

  /** INSERT of one row (fails on a duplicate key, as TypeORM's `insert`). Undefined columns take their default. */
  insert<T extends ObjectLiteral>(
    entity: EntityTarget<T>,
    row: T,
  ): Promise<number> {
    const columns = this.columns.defined(entity, row);
    const sql = this.shape(`insert:${columns.key}`, () => {
      const names = columns.list.map((c) => quote(c.databaseName));
      return `INSERT INTO ${this.columns.table(entity)} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`;
    });
    return this.enqueue(sql, this.columns.values(columns.list, row));
  }

  /**
   * INSERT … ON CONFLICT (conflict) DO UPDATE of every other column the row defines, as TypeORM's `upsert` with
   * `skipUpdateIfNoValuesChanged: false`; undefined columns are neither inserted nor overwritten.
   */
  upsert<T extends ObjectLiteral>(
    entity: EntityTarget<T>,
    row: T,
    conflict: readonly (keyof T & string)[],
  ): Promise<number> {
    const columns = this.columns.defined(entity, row);
    const sql = this.shape(
      `upsert:${columns.key}:${conflict.join(',')}`,
      () => {
        // Looked up once per shape, not per write.
        const { keys, updates } = this.columns.conflict(
          entity,
          columns.list,
          conflict,
        );
        const names = columns.list.map((c) => quote(c.databaseName));
        const action =
          updates.length > 0
            ? `DO UPDATE SET ${updates.join(', ')}`
            : 'DO NOTHING';
        return `INSERT INTO ${this.columns.table(entity)} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')}) ON CONFLICT (${keys.join(', ')}) ${action}`;
      },
    );
    return this.enqueue(sql, this.columns.values(columns.list, row));
  }

  /** UPDATE … SET `set` WHERE every `where` column equals; resolves to the rows changed. */
  update<T extends ObjectLiteral>(
    entity: EntityTarget<T>,
    where: Partial<T>,
    set: Partial<T>,
  ): Promise<number> {
    const whereColumns = this.columns.where(entity, where);
    const setColumns = this.columns.defined(entity, set);
    const sql = this.shape(
      `update:${setColumns.key}:${whereColumns.key}`,
      () =>
        `UPDATE ${this.columns.table(entity)} SET ${setColumns.list.map((c) => `${quote(c.databaseName)} = ?`).join(', ')} WHERE ${conditions(whereColumns.list)}`,
    );
    return this.enqueue(sql, [
      ...this.columns.values(setColumns.list, set),
      ...this.columns.values(whereColumns.list, where),
    ]);
  }

  /** DELETE … WHERE every `where` column equals; resolves to the rows deleted. */
  delete<T extends ObjectLiteral>(
    entity: EntityTarget<T>,
    where: Partial<T>,
  ): Promise<number> {
    const whereColumns = this.columns.where(entity, where);
    const sql = this.shape(
      `delete:${whereColumns.key}`,
      () =>
        `DELETE FROM ${this.columns.table(entity)} WHERE ${conditions(whereColumns.list)}`,
    );
    return this.enqueue(sql, this.columns.values(whereColumns.list, where));
  }

  /** Runs every queued statement now (before a read of these tables, and at shutdown). */
  flush(): void {
    if (this.queue.length === 0) return;
    // Never inside someone else's open transaction: its rollback would take our committed writes along.
    if (this.db.inTransaction) {
      this.schedule();
      return;
    }
    const batch = this.queue;
    this.queue = [];
    const changes: number[] = [];
    try {
      this.db.transaction(() => {
        for (const item of batch) changes.push(this.run(item));
      })();
    } catch {
      // Rolled back: each statement again on its own, so that only the failing ones fail.
      for (const item of batch) {
        try {
          item.resolve(this.run(item));
        } catch (error) {
          item.reject(error);
        }
      }
      return;
    }
    this.batches++;
    this.written += batch.length;
    batch.forEach((item, i) => item.resolve(changes[i]));
  }

  /** Runs what is queued; later writes run at once (nothing waits for a turn of the loop that may not come). */
  close(): void {
    this.immediate = true;
    this.flush();
  }

  get pending(): number {
    return this.queue.length;
  }

  private enqueue(sql: string, params: unknown[]): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.queue.push({ sql, params, resolve, reject });
      if (this.immediate || this.queue.length >= MAX_QUEUED_WRITES)
        this.flush();
      else this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      try {
        this.flush();
      } catch (error) {
        this.logger.error(`writes not run: ${(error as Error).message}`);
      }
    });
  }

  private run(item: Queued): number {
    let statement = this.statements.get(item.sql);
    if (!statement) {
      statement = this.db.prepare(item.sql);
      this.statements.set(item.sql, statement);
    }
    return statement.run(...item.params).changes;
  }

  private shape(key: string, build: () => string): string {
    let sql = this.shapes.get(key);
    if (sql === undefined) {
      sql = build();
      this.shapes.set(key, sql);
    }
    return sql;
  }
}

const conditions = (columns: ColumnMetadata[]): string =>
  columns.map((c) => `${quote(c.databaseName)} = ?`).join(' AND ');
