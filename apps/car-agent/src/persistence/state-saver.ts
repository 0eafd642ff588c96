import type { Clock, TimerHandle } from '../agent/clock';
import type { Logger } from '../logging/logger';
import type { PersistedState } from './persisted-state';
import { STATE_FILE_VERSION } from './persisted-state';
import type { StateFile } from './state-file';

export const SAVE_DEBOUNCE_MS = 200;
/** A change that may wait (the battery level): saved within this long, or with the next prompt save. */
export const LAZY_SAVE_MS = 30_000;

/**
 * Debounced saves of the agent's state. Saving starts disabled: an agent that may turn out to be
 * a refused duplicate must not overwrite the state of the agent that owns the name.
 */
export class StateSaver {
  private pending: TimerHandle | null = null;
  /** When the pending save runs (clock ms). */
  private pendingAt = 0;
  private dirty = false;
  private enabled = false;

  constructor(
    private readonly file: StateFile,
    private readonly clock: Clock,
    private readonly collect: () => Omit<PersistedState, 'version' | 'savedAt'>,
    private readonly logger: Logger,
  ) {}

  enable(): void {
    this.enabled = true;
    if (this.dirty) this.schedule();
  }

  /** A change to save soon (the desired state, the vehicle state). */
  schedule(): void {
    this.saveWithin(SAVE_DEBOUNCE_MS);
  }

  /** A change that may wait (the battery level: with thousands of cars charging, one save per car per step was most of the host's disk writes). */
  scheduleLazy(): void {
    this.saveWithin(LAZY_SAVE_MS);
  }

  private saveWithin(ms: number): void {
    this.dirty = true;
    if (!this.enabled) return;
    const at = this.clock.now().getTime() + ms;
    if (this.pending !== null) {
      if (this.pendingAt <= at) return;
      this.clock.clearTimeout(this.pending);
    }
    this.pendingAt = at;
    this.pending = this.clock.setTimeout(() => this.flush(), ms);
  }

  /** Saves now if anything changed; never throws. */
  flush(): void {
    if (this.pending !== null) this.clock.clearTimeout(this.pending);
    this.pending = null;
    if (!this.enabled || !this.dirty) return;
    try {
      this.file.save({ version: STATE_FILE_VERSION, ...this.collect(), savedAt: this.clock.now().toISOString() });
      this.dirty = false;
    } catch (error) {
      this.logger.error('saving the state failed', { path: this.file.path, error: String(error) });
    }
  }

  disable(): void {
    if (this.pending !== null) this.clock.clearTimeout(this.pending);
    this.pending = null;
    this.enabled = false;
  }
}
