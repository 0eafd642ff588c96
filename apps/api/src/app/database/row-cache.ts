/**
 * The newest rows of a table this process alone writes, by key, the least recently used evicted first (nearly:
 * see below). A row is deeply frozen when it is written (or read from the database) and shared by every reader:
 * no reader can change what the next one gets, nor the writer after its write (a change throws). Kept as JSON
 * text and parsed again for each reader, the rows took 8 % of the API's CPU in a 10,000-car update: most reads
 * of a car's Instance and summary come right after a write of them. `null` records a key known to have no row.
 *
 * Eviction takes the oldest entry of the map, in the order of each key's last move to its back. A read or write
 * moves its key to the back only when the key is in the older half (more than half the capacity moved since):
 * moving every key read (delete, then set) made V8 rebuild the whole table every few thousand reads, 1-2 µs a read
 * with 30,000 rows and tens of µs for the one SolutionVersion every car of an update reads (a micro-benchmark).
 * A key used is so never evicted before half the capacity of other keys has come in after it.
 *
 * A read that missed answers from the database; `admitRead` keeps its result only when no write of the same key
 * happened while it was read (the read may predate that write). Writes of other keys do not matter: with
 * thousands of deployments writing at once, some write always happened during a read, and a 1,000-car update
 * read two rows a car from the database again and again.
 */
export class RowCache<T> {
  /** Oldest first: the frozen row, or null when known absent. */
  private readonly rows = new Map<string, Entry<T>>();
  /** Bumped by every write; a read keeps its row only if its key was not written after the read started. */
  private writes = 0;
  /** The count at the last write of a key (bounded: when full it is cleared and `floor` moves up). */
  private readonly lastWrite = new Map<string, number>();
  /** Reads started before this count are not kept (their keys' writes may have been cleared). */
  private floor = 0;
  /** Bumped by every key moved to the back of `rows` (or added there). */
  private moves = 0;
  hits = 0;
  misses = 0;

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.rows.size;
  }

  /** The row (frozen, shared by every reader), null when known to be absent, undefined when not cached. */
  get(key: string): Readonly<T> | null | undefined {
    const entry = this.rows.get(key);
    if (entry === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.touch(key, entry);
    return entry.row;
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

  /** After a write of the row (null: after its delete); the row is frozen from now on. */
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
    const frozen = row === null ? null : deepFreeze(row);
    const entry = this.rows.get(key);
    if (entry) {
      entry.row = frozen;
      this.touch(key, entry);
      return;
    }
    this.rows.set(key, { row: frozen, movedAt: this.moves++ });
    if (this.rows.size > this.capacity)
      this.rows.delete(this.rows.keys().next().value as string);
  }

  /** Moves a key in the older half to the back. */
  private touch(key: string, entry: Entry<T>): void {
    if (this.moves - entry.movedAt <= this.capacity / 2) return;
    this.rows.delete(key);
    entry.movedAt = this.moves++;
    this.rows.set(key, entry);
  }
}

interface Entry<T> {
  row: Readonly<T> | null;
  /** `moves` when the key was last moved to the back. */
  movedAt: number;
}

/**
 * Freezes the value and everything it holds (plain JSON data: objects, arrays, primitives). A frozen object is
 * taken as frozen through and through (only this function freezes rows), so parts shared with rows frozen
 * before, such as a SolutionVersion's components in every Instance, are not walked again.
 */
export function deepFreeze<V>(value: V): Readonly<V> {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    const record = value as Record<string, unknown>;
    for (const key in record) {
      const inner = record[key];
      if (typeof inner === 'object' && inner !== null) deepFreeze(inner);
    }
  }
  return value;
}
