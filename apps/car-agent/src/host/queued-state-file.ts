import { open, rename } from 'node:fs/promises';
import type { Logger } from '../logging/logger';
import type { PersistedState } from '../persistence/persisted-state';
import { StateFile } from '../persistence/state-file';
import type { LoadResult } from '../persistence/state-file';

/** Writes at once; fsync runs on the thread pool, so a few in parallel keep the disk busy without a backlog. */
export const STATE_WRITES_IN_PARALLEL = 4;

/**
 * The state files of every car in the host, written off the event loop. A car's StateFile writes synchronously
 * (temp file, fsync, rename): fine for one car, but with thousands of cars in one process the blocking fsyncs
 * took three quarters of the host's time and held back every car's MQTT traffic. Here a save only queues the
 * text; at most one write per file is pending (a newer state replaces a queued one), and writes keep the same
 * temp file, fsync, rename sequence, so a file is always either the old or the new state.
 */
export class StateWriteQueue {
  private readonly queued = new Map<string, string>();
  /** Path → the text being written now. */
  private readonly writing = new Map<string, string>();
  private running = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly logger: Logger,
    private readonly parallel = STATE_WRITES_IN_PARALLEL,
    private readonly tag = `${process.pid}`,
  ) {}

  /** Files waiting or being written. */
  get pending(): number {
    return this.queued.size + this.running;
  }

  enqueue(path: string, text: string): void {
    this.queued.set(path, text);
    this.pump();
  }

  /** The newest state of `path` not yet on disk, if any. */
  unwritten(path: string): string | undefined {
    return this.queued.get(path) ?? this.writing.get(path);
  }

  /** Resolves once every queued state is on disk (or failed and was logged). */
  drain(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    for (const [path, text] of this.queued) {
      if (this.running >= this.parallel) return;
      if (this.writing.has(path)) continue; // its newer state goes after the running write
      this.queued.delete(path);
      this.writing.set(path, text);
      this.running++;
      void this.write(path, text).finally(() => {
        this.writing.delete(path);
        this.running--;
        this.pump();
        if (this.pending === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
      });
    }
  }

  private async write(path: string, text: string): Promise<void> {
    const temp = `${path}.${this.tag}.tmp`;
    try {
      const file = await open(temp, 'w');
      try {
        await file.writeFile(text);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temp, path);
    } catch (error) {
      this.logger.error('saving the state failed', { path, error: String(error) });
    }
  }
}

/** A car's state file whose saves go through the host's StateWriteQueue. */
export class QueuedStateFile extends StateFile {
  constructor(folder: string, private readonly queue: StateWriteQueue) {
    super(folder);
  }

  /** A car started again in this host reads the state its previous run queued, even before it is on disk. */
  override load(): LoadResult {
    const text = this.queue.unwritten(this.path);
    if (text === undefined) return super.load();
    return { kind: 'loaded', state: JSON.parse(text) as PersistedState };
  }

  override save(state: PersistedState): void {
    this.queue.enqueue(this.path, JSON.stringify(state, null, 2));
  }
}
