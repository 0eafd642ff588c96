import { Logger } from '@nestjs/common';
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { GroupWrites } from './group-writes';
import { quote, WriteShapes } from './write-shapes';

export interface PgResult {
  rowCount: number | null;
  rows: Record<string, unknown>[];
}

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
/** Rows of one multi-row statement at most; and its parameters (PostgreSQL takes up to 65,535). */
export const PG_STATEMENT_ROWS = 500;
const PG_STATEMENT_PARAMS = 30_000;
/** Column types a multi-row UPDATE may cast its VALUES to (any other column is updated one row at a time). */
const CASTABLE = new Set([
  'character varying',
  'text',
  'integer',
  'bigint',
  'smallint',
  'boolean',
  'double precision',
  'real',
  'numeric',
  'uuid',
  'jsonb',
  'json',
  'timestamp without time zone',
  'timestamp with time zone',
]);

type Kind = 'insert' | 'upsert' | 'update' | 'delete';

/** What writes of one shape share: kind, table and columns; built once per shape. */
interface Shape {
  id: string;
  kind: Kind;
  table: string;
  /** Quoted: the row's columns (insert, upsert) or the SET columns (update). */
  columns: string[];
  /** Quoted: the WHERE columns (update, delete) or the conflict columns (upsert). */
  keyColumns: string[];
  /** Update: the SQL type of each SET then WHERE column; null when one cannot be cast (then never grouped). */
  types: string[] | null;
  /** Upsert: the DO UPDATE SET list ('' for DO NOTHING). */
  updates: string;
  /** Where the key's values are among the parameters. */
  keyAt: number[];
}

interface Item {
  shape: Shape;
  params: unknown[];
  /** The row's key (conflict or WHERE values), '' for an insert. */
  key: string;
  resolve(changes: number): void;
  reject(error: unknown): void;
}

interface Group {
  first: Item;
  /** Every caller, in order. */
  items: Item[];
  /** The statement's rows: a later upsert of a key already here replaces its row (same columns: the same result). */
  rows: Item[];
  keys: Map<string, number>;
}

interface Statement {
  sql: string;
  params: unknown[];
  settle(result: PgResult): void;
}

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
        const conflictColumns = conflict.map((p) =>
          this.columns.column(entity, p),
        );
        return {
          kind: 'upsert',
          table: this.columns.table(entity),
          columns: names(columns.list),
          keyColumns: names(conflictColumns),
          types: null,
          updates: columns.list
            .filter((c) => !conflictColumns.includes(c))
            .map(
              (c) =>
                `${quote(c.databaseName)} = EXCLUDED.${quote(c.databaseName)}`,
            )
            .join(', '),
          keyAt: conflictColumns.map((c) => columns.list.indexOf(c)),
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
    const statements = this.plan(batch).map((group) => statement(group));
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
          const single = statement({
            first: item,
            items: [item],
            rows: [item],
            keys: new Map([[item.key, 0]]),
          });
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

  /** The batch's statements in order: each write joins the last group of its shape when it may move there. */
  private plan(batch: Item[]): Group[] {
    const groups: Group[] = [];
    const lastOfShape = new Map<string, number>();
    const onTable = new Map<string, number[]>();
    for (const item of batch) {
      const { shape } = item;
      const at = lastOfShape.get(shape.id);
      const tableGroups = onTable.get(shape.table) ?? [];
      if (at !== undefined && joins(groups, tableGroups, at, item)) {
        const group = groups[at];
        group.items.push(item);
        const row = group.keys.get(item.key);
        if (row !== undefined) group.rows[row] = item;
        else {
          if (shape.kind !== 'insert')
            group.keys.set(item.key, group.rows.length);
          group.rows.push(item);
        }
        continue;
      }
      groups.push({
        first: item,
        items: [item],
        rows: [item],
        keys: new Map(shape.kind === 'insert' ? [] : [[item.key, 0]]),
      });
      tableGroups.push(groups.length - 1);
      onTable.set(shape.table, tableGroups);
      if (groupable(shape)) lastOfShape.set(shape.id, groups.length - 1);
    }
    return groups;
  }
}

function groupable(shape: Shape): boolean {
  return (
    shape.kind === 'insert' ||
    shape.kind === 'upsert' ||
    (shape.kind === 'update' && shape.types !== null)
  );
}

/** Whether `item` may join groups[at]: room there, and it commutes with every later group of its table. */
function joins(
  groups: Group[],
  tableGroups: number[],
  at: number,
  item: Item,
): boolean {
  const group = groups[at];
  const { shape } = item;
  if (
    group.rows.length >= PG_STATEMENT_ROWS ||
    (group.rows.length + 1) * item.params.length > PG_STATEMENT_PARAMS
  )
    return false;
  // The same key twice: an upsert that sets something replaces the row (the later one wins, as in order); an
  // update or a DO NOTHING upsert would need the earlier one's outcome first.
  if (
    group.keys.has(item.key) &&
    !(shape.kind === 'upsert' && shape.updates !== '')
  )
    return false;
  for (let i = tableGroups.length - 1; i >= 0 && tableGroups[i] > at; i--) {
    const later = groups[tableGroups[i]];
    const commutes =
      later.first.shape.kind === shape.kind &&
      shape.kind !== 'insert' &&
      shape.kind !== 'delete' &&
      later.first.shape.keyColumns.join() === shape.keyColumns.join() &&
      !later.keys.has(item.key);
    if (!commutes) return false;
  }
  return true;
}

function statement(group: Group): Statement {
  const { rows, items } = group;
  const shape = group.first.shape;
  const only = group.first;
  const params: unknown[] = [];
  const placeholders = (row: Item, cast: string[] | null) =>
    `(${row.params.map((value, i) => `$${params.push(value)}${cast ? `::${cast[i]}` : ''}`).join(', ')})`;
  const each = (changes: number) => () =>
    items.forEach((item) => item.resolve(changes));
  switch (shape.kind) {
    case 'insert': {
      const sql = `INSERT INTO ${shape.table} (${shape.columns.join(', ')}) VALUES ${rows.map((r) => placeholders(r, null)).join(', ')}`;
      return { sql, params, settle: each(1) };
    }
    case 'upsert': {
      const conflict = shape.keyColumns.join(', ');
      const values = rows.map((r) => placeholders(r, null)).join(', ');
      const head = `INSERT INTO ${shape.table} (${shape.columns.join(', ')}) VALUES ${values} ON CONFLICT (${conflict})`;
      if (shape.updates !== '')
        return {
          sql: `${head} DO UPDATE SET ${shape.updates}`,
          params,
          settle: each(1),
        };
      // DO NOTHING: the rows returned are the ones inserted.
      return {
        sql: `${head} DO NOTHING RETURNING ${conflict}`,
        params,
        settle: byKey(group, shape.keyColumns),
      };
    }
    case 'update': {
      if (rows.length === 1) {
        const sql = `UPDATE ${shape.table} SET ${shape.columns.map((c) => `${c} = $${params.push(only.params[params.length])}`).join(', ')} WHERE ${shape.keyColumns.map((c) => `${c} = $${params.push(only.params[params.length])}`).join(' AND ')}`;
        return {
          sql,
          params,
          settle: (result) => only.resolve(result.rowCount ?? 0),
        };
      }
      // Columns of the VALUES list by position: a column may be both set and matched.
      const alias = [...shape.columns, ...shape.keyColumns].map(
        (_, i) => `"v${i}"`,
      );
      const set = shape.columns
        .map((c, i) => `${c} = "v".${alias[i]}`)
        .join(', ');
      const where = shape.keyColumns
        .map((c, i) => `"t".${c} = "v".${alias[shape.columns.length + i]}`)
        .join(' AND ');
      const values = rows.map((r) => placeholders(r, shape.types)).join(', ');
      const sql = `UPDATE ${shape.table} AS "t" SET ${set} FROM (VALUES ${values}) AS "v"(${alias.join(', ')}) WHERE ${where} RETURNING ${shape.keyColumns.map((c) => `"t".${c}`).join(', ')}`;
      return { sql, params, settle: byKey(group, shape.keyColumns) };
    }
    case 'delete': {
      const sql = `DELETE FROM ${shape.table} WHERE ${shape.keyColumns.map((c) => `${c} = $${params.push(only.params[params.length])}`).join(' AND ')}`;
      return {
        sql,
        params,
        settle: (result) => only.resolve(result.rowCount ?? 0),
      };
    }
  }
}

/** Each write's changes: the returned rows with its key. */
function byKey(group: Group, keyColumns: string[]): (result: PgResult) => void {
  const unquoted = keyColumns.map((c) => c.slice(1, -1).replace(/""/g, '"'));
  return (result) => {
    const counts = new Map<string, number>();
    for (const row of result.rows) {
      const key = keyOf(unquoted.map((c) => row[c]));
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const item of group.items) item.resolve(counts.get(item.key) ?? 0);
  };
}

function names(columns: ColumnMetadata[]): string[] {
  return columns.map((c) => quote(c.databaseName));
}

function keyOf(values: unknown[]): string {
  return values
    .map((v) => (v instanceof Date ? v.toISOString() : String(v)))
    .join('\u0000');
}
