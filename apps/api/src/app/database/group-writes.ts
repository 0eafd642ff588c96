import type { EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * The busiest writes (a deployment's history entry, its Symphony objects, a car's version) queued for a turn of
 * the event loop and committed together: `SqliteWrites` on SQLite, `PostgresWrites` on PostgreSQL. Each write's
 * promise settles once its statement is committed (or failed on its own), so awaiting one means what awaiting
 * TypeORM's statement meant. Readers of these tables await `flush()` first and then see every write issued before.
 */
export interface GroupWrites {
  /** INSERT of one row (fails on a duplicate key, as TypeORM's `insert`). Undefined columns take their default. */
  insert<T extends ObjectLiteral>(
    entity: EntityTarget<T>,
    row: T,
  ): Promise<number>;
  /** INSERT … ON CONFLICT (conflict) DO UPDATE of every other column the row defines (TypeORM's `upsert`). */
  upsert<T extends ObjectLiteral>(
    entity: EntityTarget<T>,
    row: T,
    conflict: readonly (keyof T & string)[],
  ): Promise<number>;
  /** UPDATE … SET `set` WHERE every `where` column equals; resolves to the rows changed. */
  update<T extends ObjectLiteral>(
    entity: EntityTarget<T>,
    where: Partial<T>,
    set: Partial<T>,
  ): Promise<number>;
  /** DELETE … WHERE every `where` column equals; resolves to the rows deleted. */
  delete<T extends ObjectLiteral>(
    entity: EntityTarget<T>,
    where: Partial<T>,
  ): Promise<number>;
  /** Runs what is queued; settled (SQLite: on return), every write issued before is committed or failed. */
  flush(): void | Promise<void>;
  /** Runs what is queued; later writes run at once (the app is stopping). */
  close(): void | Promise<void>;
  /** Writes queued and not yet run. */
  readonly pending: number;
  /** Batches committed and statements in them (for tests and benchmarks). */
  readonly batches: number;
  readonly written: number;
}
