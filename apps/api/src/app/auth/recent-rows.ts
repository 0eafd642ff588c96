/**
 * Rows read for authentication, kept for a short while: every request authenticates, and reading the user for
 * each was ~4 % of the API's CPU under load. Bounded (oldest out). `forget` after a write of this replica
 * counts at once, also against a read that was in flight when the write happened; another replica's write
 * counts after at most `ttlMs`.
 */
export class RecentRows<T> {
  private readonly entries = new Map<string, { row: T; at: number }>();
  private epoch = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number,
  ) {}

  async get(key: string, read: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.row;
    const epoch = this.epoch;
    const at = this.now();
    const row = await read();
    if (epoch === this.epoch) this.remember(key, row, at);
    return row;
  }

  forget(key: string): void {
    this.epoch++;
    this.entries.delete(key);
  }

  private remember(key: string, row: T, at: number): void {
    this.entries.delete(key);
    this.entries.set(key, { row, at });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
  }
}
