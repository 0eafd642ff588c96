/** Keys one statement of a batched read asks for at most; a larger batch takes several. */
export const READ_BATCH_KEYS = 500;

interface Pending<K, R> {
  key: K;
  waiters: { resolve(row: R | null): void; reject(error: unknown): void }[];
}

/**
 * Point reads of one table asked for in one turn of the event loop, answered by one statement per
 * READ_BATCH_KEYS keys: with several replicas every Symphony object read goes to the database, and a deployment
 * reads eight a car (its Instance, SolutionVersion, Target and summary, some twice), so a 2,000-car update sent
 * 16,000 SELECTs one by one. The same key asked twice in a turn is read once. `before` runs ahead of each batch
 * (the queued writes are committed first, so a read sees every write issued before it).
 */
export class BatchedReads<K, R> {
  private pending = new Map<string, Pending<K, R>>();
  private scheduled = false;
  /** Statements run (for tests and benchmarks). */
  statements = 0;

  constructor(
    private readonly idOf: (key: K) => string,
    private readonly fetch: (keys: K[]) => Promise<R[]>,
    private readonly idOfRow: (row: R) => string,
    private readonly before: () => void | Promise<void> = () => undefined,
  ) {}

  get(key: K): Promise<R | null> {
    return new Promise<R | null>((resolve, reject) => {
      const id = this.idOf(key);
      const pending = this.pending.get(id);
      if (pending) pending.waiters.push({ resolve, reject });
      else this.pending.set(id, { key, waiters: [{ resolve, reject }] });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => void this.run());
    });
  }

  /** Never rejects: each batch settles its own callers. */
  private async run(): Promise<void> {
    this.scheduled = false;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    const chunks: Pending<K, R>[][] = [];
    for (let at = 0; at < batch.length; at += READ_BATCH_KEYS)
      chunks.push(batch.slice(at, at + READ_BATCH_KEYS));
    try {
      await this.before();
    } catch (error) {
      for (const p of batch) p.waiters.forEach((w) => w.reject(error));
      return;
    }
    await Promise.all(chunks.map((chunk) => this.read(chunk)));
  }

  private async read(chunk: Pending<K, R>[]): Promise<void> {
    let rows: R[];
    try {
      this.statements++;
      rows = await this.fetch(chunk.map((p) => p.key));
    } catch (error) {
      for (const p of chunk) p.waiters.forEach((w) => w.reject(error));
      return;
    }
    const byId = new Map(rows.map((row) => [this.idOfRow(row), row]));
    for (const p of chunk) {
      const row = byId.get(this.idOf(p.key)) ?? null;
      // Every caller gets its own row: one changing what it found must not change what another one got.
      p.waiters.forEach((w, i) =>
        w.resolve(i === 0 || row === null ? row : structuredClone(row)),
      );
    }
  }
}
