import { Logger } from '@nestjs/common';
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import type { GroupWrites } from './group-writes';
import {
  CASTABLE,
  keyOf,
  names,
  planStatements,
  singleStatement,
} from './postgres-statements';
import type { PgResult, Shape, Item } from './postgres-statements';
import { WriteShapes } from './write-shapes';

export { PG_STATEMENT_ROWS } from './postgres-statements';
export type { PgResult } from './postgres-statements';

/** The part of a pooled node-postgres client this uses. */
export interface PgClientHandle {
  query(text: string, values?: unknown[]): Promise<PgResult>;
  /** A truthy argument discards the connection instead of returning it to the pool. */
  release(discard?: boolean): void;
}

/** The part of node-postgres' pool (TypeORM's `driver.master`) this uses. */
export interface PgPoolHandle {
  connect(): Promise<PgClientHandle>;
}

/** Writes one batch takes at most (one transaction); the rest wait for the next. */
export const PG_BATCH_WRITES = 2000;

/**
 * The group writer on PostgreSQL. Statements issued in one turn of the event loop (and while the previous batch
 * ran) go in one transaction, and writes of the same shape share a statement: a multi-row INSERT … ON CONFLICT, a
 * multi-row INSERT, an UPDATE … FROM (VALUES …). Through TypeORM each write was a statement and a round trip of
 * its own: a 10,000-car update sent ~10 a car, and a quarter of the API's main thread was the socket writes.
 *
 * Writes keep their order where it matters: a write joins an earlier statement of its shape only when nothing
 * between touches its table, or only other keys through writes of the same kind. A batch that fails is rolled
 * back and run again write by write, so one bad row fails only its own caller. One batch runs at a time (one
 * pooled connection); what is queued meanwhile forms the next.
 */
export class PostgresWrites implements GroupWrites {
  private readonly logger = new Logger(PostgresWrites.name);
  private readonly columns: WriteShapes;
  private readonly shapes = new Map<string, Shape>();
  private queue: Item[] = [];
  private running = false;
  private scheduled = false;
  private immediate = false;
  private enqueued = 0;
  private settled = 0;
  private waiters: { upTo: number; resolve(): void }[] = [];
  batches = 0;
  written = 0;
  /** Statements sent (multi-row ones count once), for tests and benchmarks. */
  statements = 0;

  constructor(
    private readonly pool: PgPoolHandle,
    dataSource: Pick<DataSource, 'getMetadata' | 'driver'>,
  ) {
    this.columns = new WriteShapes(dataSource);
  }

  insert<T extends ObjectLiteral>(
    entity: EntityTarget<T>,
    row: T,
  ): Promise<number> {
    const columns = this.columns.defined(entity, row);
    const shape = this.shape(`insert:${columns.key}`, () => ({
      kind: 'insert',
      table: this.columns.table(entity),
      columns: names(columns.list),
      keyColumns: [],
      types: null,
      updates: '',
      keyAt: [],
    }));
    return this.enqueue(shape, this.columns.values(columns.list, row));
  }

  upsert<T extends ObjectLiteral>(
    entity: EntityTarget<T>,
    row: T,
    conflict: readonly (keyof T & string)[],
  ): Promise<number> {
    const columns = this.columns.defined(entity, row);
    const shape = this.shape(
      `upsert:${columns.key}:${conflict.join(',')}`,
      () => {
        const parts = this.columns.conflict(entity, columns.list, conflict);
        return {
          kind: 'upsert',
          table: this.columns.table(entity),
          columns: names(columns.list),
          keyColumns: parts.keys,
          types: null,
          updates: parts.updates.join(', '),
          keyAt: parts.columns.map((c) => columns.list.indexOf(c)),
        };
      },
    );
    return this.enqueue(shape, this.columns.values(columns.list, row));
  }

  update<T extends ObjectLiteral>(
    entity: EntityTarget<T>,
    where: Partial<T>,
    set: Partial<T>,
  ): Promise<number> {
    const whereColumns = this.columns.where(entity, where);
    const setColumns = this.columns.defined(entity, set);
    const shape = this.shape(
      `update:${setColumns.key}:${whereColumns.key}`,
      () => {
        const types = [...setColumns.list, ...whereColumns.list].map((c) =>
          this.columns.sqlType(c),
        );
        return {
          kind: 'update',
          table: this.columns.table(entity),
          columns: names(setColumns.list),
          keyColumns: names(whereColumns.list),
          types: types.every((t) => t !== undefined && CASTABLE.has(t))
            ? (types as string[])
            : null,
          updates: '',
          keyAt: whereColumns.list.map((_, i) => setColumns.list.length + i),
        };
      },
    );
    return this.enqueue(shape, [
      ...this.columns.values(setColumns.list, set),
      ...this.columns.values(whereColumns.list, where),
    ]);
  }

  delete<T extends ObjectLiteral>(
    entity: EntityTarget<T>,
    where: Partial<T>,
  ): Promise<number> {
    const whereColumns = this.columns.where(entity, where);
    const shape = this.shape(`delete:${whereColumns.key}`, () => ({
      kind: 'delete',
      table: this.columns.table(entity),
      columns: [],
      keyColumns: names(whereColumns.list),
      types: null,
      updates: '',
      keyAt: whereColumns.list.map((_, i) => i),
    }));
    return this.enqueue(shape, this.columns.values(whereColumns.list, where));
  }

  flush(): Promise<void> {
    const upTo = this.enqueued;
    if (this.settled >= upTo) return Promise.resolve();
    const done = new Promise<void>((resolve) =>
      this.waiters.push({ upTo, resolve }),
    );
    if (!this.running) void this.drain();
    return done;
  }

  close(): Promise<void> {
    this.immediate = true;
    return this.flush();
  }

  get pending(): number {
    return this.queue.length;
  }

  private enqueue(shape: Shape, params: unknown[]): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const key = keyOf(shape.keyAt.map((i) => params[i]));
      this.queue.push({ shape, params, key, resolve, reject });
      this.enqueued++;
      if (this.immediate) void this.flush();
      else this.schedule();
    });
  }

  private shape(id: string, build: () => Omit<Shape, 'id'>): Shape {
    let shape = this.shapes.get(id);
    if (!shape) {
      shape = { id, ...build() };
      this.shapes.set(id, shape);
    }
    return shape;
  }

  private schedule(): void {
    if (this.scheduled || this.running) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (!this.running) void this.drain();
    });
  }

  /** Batches one after the other until the queue is empty; never rejects (each write settles on its own). */
  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const batch =
          this.queue.length > PG_BATCH_WRITES
            ? this.queue.splice(0, PG_BATCH_WRITES)
            : this.queue;
        if (batch === this.queue) this.queue = [];
        try {
          await this.run(batch);
        } catch (error) {
          this.logger.error(`writes not run: ${(error as Error).message}`);
          for (const item of batch) item.reject(error);
        }
        this.settled += batch.length;
        this.waiters = this.waiters.filter((w) =>
          w.upTo <= this.settled ? (w.resolve(), false) : true,
        );
      }
    } finally {
      this.running = false;
    }
  }

  private async run(batch: Item[]): Promise<void> {
    const statements = planStatements(batch);
    const client = await this.pool.connect();
    let discard = false;
    try {
      const results: PgResult[] = [];
      try {
        if (statements.length > 1) await client.query('BEGIN');
        for (const s of statements)
          results.push(await client.query(s.sql, s.params));
        if (statements.length > 1) await client.query('COMMIT');
      } catch (error) {
        if (statements.length > 1)
          await client.query('ROLLBACK').catch(() => (discard = true));
        if (batch.length === 1) {
          batch[0].reject(error);
          return;
        }
        // Each write on its own, in order, so that only the failing ones fail.
        for (const item of batch) {
          const single = singleStatement(item);
          try {
            single.settle(await client.query(single.sql, single.params));
          } catch (error) {
            item.reject(error);
          }
        }
        this.statements += batch.length;
        return;
      }
      this.statements += statements.length;
      this.batches++;
      this.written += batch.length;
      statements.forEach((s, i) => s.settle(results[i]));
    } finally {
      client.release(discard);
    }
  }
}
