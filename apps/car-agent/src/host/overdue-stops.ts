import type { Logger } from '../logging/logger';

/** Overdue stops are collected this long, then logged in one line. */
export const OVERDUE_WINDOW_MS = 1_000;
/** Cars named in that line. */
const NAMED = 5;

/**
 * Cars whose stop ran out of its budget and that exited anyway. When the API shuts down it removes thousands of
 * hosted cars at once, the broker is slow to acknowledge their goodbyes, and a warning per car was a flood of
 * thousands of lines; these are logged together, once per window (a single car keeps its own line).
 */
export class OverdueStops {
  private names: string[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly logger: Logger, private readonly windowMs = OVERDUE_WINDOW_MS) {}

  add(name: string): void {
    this.names.push(name);
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.windowMs);
    this.timer.unref?.();
  }

  /** Logs what was collected now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const names = this.names.splice(0);
    if (names.length === 0) return;
    if (names.length === 1) return this.logger.warn('stop took too long; exiting anyway', { carId: names[0] });
    const named = names.slice(0, NAMED).join(', ') + (names.length > NAMED ? ', ...' : '');
    this.logger.warn(`${names.length} cars ran out of their stop budget and exited anyway (${named})`, { cars: names.length });
  }
}
