import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { quote } from './write-shapes';

/**
 * How `PostgresWrites` turns a batch of queued writes into statements: which writes may share one (the same
 * shape, and moving the later ones up changes no row's outcome), and the SQL of each.
 */

/** What node-postgres answers to a query (the part used). */
export interface PgResult {
  rowCount: number | null;
  rows: Record<string, unknown>[];
}

/** Rows of one multi-row statement at most; and its parameters (PostgreSQL takes up to 65,535). */
export const PG_STATEMENT_ROWS = 500;
const PG_STATEMENT_PARAMS = 30_000;
/** Column types a multi-row UPDATE may cast its VALUES to (any other column is updated one row at a time). */
export const CASTABLE = new Set([
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

export type Kind = 'insert' | 'upsert' | 'update' | 'delete';

/** What writes of one shape share: kind, table and columns; built once per shape. */
export interface Shape {
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

export interface Item {
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

export interface Statement {
  sql: string;
  params: unknown[];
  settle(result: PgResult): void;
}
/** The batch's statements in order: each write joins the last group of its shape when it may move there. */
export function planStatements(batch: Item[]): Statement[] {
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
  return groups.map(statement);
}

function groupable(shape: Shape): boolean {
  return (
    shape.kind === 'insert' ||
    shape.kind === 'upsert' ||
    shape.kind === 'delete' ||
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
      if (rows.length === 1) {
        const sql = `DELETE FROM ${shape.table} WHERE ${shape.keyColumns.map((c) => `${c} = $${params.push(only.params[params.length])}`).join(' AND ')}`;
        return {
          sql,
          params,
          settle: (result) => only.resolve(result.rowCount ?? 0),
        };
      }
      // Each key once in the group (see `joins`): the rows returned with a key are the ones its caller deleted.
      const keys = shape.keyColumns.join(', ');
      const values = rows.map((r) => placeholders(r, null)).join(', ');
      const sql = `DELETE FROM ${shape.table} WHERE (${keys}) IN (${values}) RETURNING ${keys}`;
      return { sql, params, settle: byKey(group, shape.keyColumns) };
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

export function names(columns: ColumnMetadata[]): string[] {
  return columns.map((c) => quote(c.databaseName));
}

export function keyOf(values: unknown[]): string {
  return values
    .map((v) => (v instanceof Date ? v.toISOString() : String(v)))
    .join('\u0000');
}

/** One write as a statement of its own (after a batch failed). */
export function singleStatement(item: Item): Statement {
  return statement({
    first: item,
    items: [item],
    rows: [item],
    keys: new Map([[item.key, 0]]),
  });
}
