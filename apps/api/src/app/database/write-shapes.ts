import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/** The columns a row defines, in the entity's order, and a key naming that set (a statement's shape). */
export interface DefinedColumns {
  list: ColumnMetadata[];
  key: string;
}

/**
 * What both group writers (SQLite, PostgreSQL) need of TypeORM's metadata: table and column names, the columns a
 * row defines, and each value as TypeORM would write it. Looked up per write, so kept to map and array lookups.
 */
export class WriteShapes {
  constructor(
    private readonly dataSource: Pick<DataSource, 'getMetadata' | 'driver'>,
  ) {}

  table(entity: EntityTarget<ObjectLiteral>): string {
    return quote(this.dataSource.getMetadata(entity).tableName);
  }

  column(
    entity: EntityTarget<ObjectLiteral>,
    property: string,
  ): ColumnMetadata {
    const metadata = this.dataSource.getMetadata(entity);
    const column = metadata.columns.find((c) => c.propertyName === property);
    if (!column)
      throw new Error(`${String(metadata.name)} has no column ${property}`);
    return column;
  }

  /** The entity's columns the object defines (not undefined), in the entity's order. */
  defined(
    entity: EntityTarget<ObjectLiteral>,
    row: ObjectLiteral,
  ): DefinedColumns {
    const metadata = this.dataSource.getMetadata(entity);
    const list = metadata.columns.filter(
      (c) => row[c.propertyName] !== undefined,
    );
    return {
      list,
      key: `${metadata.tableName}(${list.map((c) => c.propertyName).join(',')})`,
    };
  }

  /**
   * An upsert's ON CONFLICT parts: the conflict columns, quoted, and the `SET` list of every other column the row
   * defines (empty: DO NOTHING). `excluded.` names the proposed row on SQLite and PostgreSQL alike.
   */
  conflict(
    entity: EntityTarget<ObjectLiteral>,
    columns: ColumnMetadata[],
    conflict: readonly string[],
  ): { columns: ColumnMetadata[]; keys: string[]; updates: string[] } {
    const conflictColumns = conflict.map((p) => this.column(entity, p));
    return {
      columns: conflictColumns,
      keys: conflictColumns.map((c) => quote(c.databaseName)),
      updates: columns
        .filter((c) => !conflictColumns.includes(c))
        .map(
          (c) => `${quote(c.databaseName)} = excluded.${quote(c.databaseName)}`,
        ),
    };
  }

  /** The WHERE of an update or delete: every given column equals; never none (that would touch every row). */
  where(
    entity: EntityTarget<ObjectLiteral>,
    where: ObjectLiteral,
  ): DefinedColumns {
    const columns = this.defined(entity, where);
    if (columns.list.length === 0)
      throw new Error(
        `${this.table(entity)}: an update or delete needs a condition`,
      );
    return columns;
  }

  /** The column's SQL type as the driver names it ('character varying', 'integer', …), when it says. */
  sqlType(column: ColumnMetadata): string | undefined {
    const driver = this.dataSource.driver as {
      normalizeType?(column: ColumnMetadata): string;
    };
    return driver.normalizeType?.(column);
  }

  /** Each value as TypeORM would write it (simple-json as text, booleans as 0/1 on SQLite, …). */
  values(columns: ColumnMetadata[], row: ObjectLiteral): unknown[] {
    return columns.map((c) =>
      this.dataSource.driver.preparePersistentValue(row[c.propertyName], c),
    );
  }
}

export const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;
