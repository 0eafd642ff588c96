/**
 * The newest rows of a table this process alone writes, by key, oldest use evicted first. A row is kept as JSON
 * text and parsed again for every reader, so no reader can change what the next one gets. `null` records a key
 * known to have no row.
 *
 * A read that missed answers from the database; `admitRead` keeps its result only when no write of the same key
 * happened while it was read (the read may predate that write). Writes of other keys do not matter: with
 * thousands of deployments writing at once, some write always happened during a read, and a 1,000-car update
 * read two rows a car from the database again and again.
 */
export class RowCache<T> {
  private readonly rows = new Map<string, string | null>();
  /** Bumped by every write; a read keeps its row only if its key was not written after the read started. */
  private writes = 0;
  /** The count at the last write of a key (bounded: when full it is cleared and `floor` moves up). */
  private readonly lastWrite = new Map<string, number>();
  /** Reads started before this count are not kept (their keys' writes may have been cleared). */
  private floor = 0;
  hits = 0;
  misses = 0;

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.rows.size;
  }

  /** The row (a fresh copy), null when known to be absent, undefined when not cached. */
  get(key: string): T | null | undefined {
    const text = this.rows.get(key);
    if (text === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Most recently used last.
    this.rows.delete(key);
    this.rows.set(key, text);
    return text === null ? null : (JSON.parse(text) as T);
  }

  /** The write count now; pass it to `admitRead` with what the read found. */
  readStarted(): number {
    return this.writes;
  }

  admitRead(key: string, row: T | null, startedAt: number): void {
    if (startedAt < this.floor) return;
    if ((this.lastWrite.get(key) ?? -1) >= startedAt) return;
    this.put(key, row);
  }

  /** After a write of the row (null: after its delete). */
  written(key: string, row: T | null): void {
    this.wrote(key);
    this.put(key, row);
  }

  /** After a write whose result is not known (a failed statement): the next read asks the database. */
  forget(key: string): void {
    this.wrote(key);
    this.rows.delete(key);
  }

  private wrote(key: string): void {
    if (this.lastWrite.size >= this.capacity) {
      this.lastWrite.clear();
      this.floor = this.writes + 1;
    }
    this.lastWrite.set(key, this.writes);
    this.writes++;
  }

  private put(key: string, row: T | null): void {
    this.rows.delete(key);
    this.rows.set(key, row === null ? null : JSON.stringify(row));
    if (this.rows.size > this.capacity)
      this.rows.delete(this.rows.keys().next().value as string);
  }
}
