/**
 * The acknowledgements a client waits for (PUBACK, SUBACK, UNSUBACK), keyed by packet id. Bounded: past
 * `limit` waits, or when the ids run out, `take` answers null and the caller reports "not sent". Each wait
 * ends after `timeoutMs` at the latest (answering false).
 */
export class PendingAcks {
  private readonly waits = new Map<number, { settle: (ok: boolean) => void; timer: NodeJS.Timeout }>();
  private lastId = 0;

  constructor(
    private readonly limit: number,
    private readonly timeoutMs: number,
  ) {}

  get size(): number {
    return this.waits.size;
  }

  /** A free packet id and the promise its acknowledgement settles, or null when too many are waiting. */
  take(): { id: number; acked: Promise<boolean> } | null {
    if (this.waits.size >= this.limit) return null;
    do this.lastId = (this.lastId % 0xffff) + 1;
    while (this.waits.has(this.lastId));
    const id = this.lastId;
    const acked = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => this.settle(id, false), this.timeoutMs);
      timer.unref();
      this.waits.set(id, { settle: resolve, timer });
    });
    return { id, acked };
  }

  /** Ends the wait for `id` (an unknown id, e.g. a late ack after the timeout, is ignored). */
  settle(id: number, ok: boolean): void {
    const wait = this.waits.get(id);
    if (!wait) return;
    this.waits.delete(id);
    clearTimeout(wait.timer);
    wait.settle(ok);
  }

  /** The connection is gone: nothing in flight will be acknowledged. */
  failAll(): void {
    for (const id of [...this.waits.keys()]) this.settle(id, false);
  }
}
