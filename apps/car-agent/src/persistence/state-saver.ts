import type { Clock, TimerHandle } from '../agent/clock';
import type { Logger } from '../logging/logger';
import type { PersistedState } from './persisted-state';
import { STATE_FILE_VERSION } from './persisted-state';
import type { StateFile } from './state-file';

export const SAVE_DEBOUNCE_MS = 200;

/**
 * Debounced saves of the agent's state. Saving starts disabled: an agent that may turn out to be
 * a refused duplicate must not overwrite the state of the agent that owns the name.
 */
export class StateSaver {
  private pending: TimerHandle | null = null;
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

  schedule(): void {
    this.dirty = true;
    if (!this.enabled || this.pending !== null) return;
    this.pending = this.clock.setTimeout(() => this.flush(), SAVE_DEBOUNCE_MS);
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
