import { Clock } from './clock';

/** The longest shift the test clock takes either way: ten years. */
export const MAX_CLOCK_OFFSET_MS = 10 * 365 * 86_400_000;

/**
 * `FLEET_TEST_CLOCK=1` turns the test clock on (never in production); `CLOCK_OFFSET_MS` shifts it from the start.
 * Off by default: then nothing can move any clock.
 */
export interface TestClockSettings {
  enabled: boolean;
  offsetMs: number;
}

export const TEST_CLOCK_OFF: TestClockSettings = {
  enabled: false,
  offsetMs: 0,
};

/** Checks the combination of the variables (each is validated on its own first); null when it is fine. */
export function testClockError(vars: {
  FLEET_TEST_CLOCK?: '0' | '1';
  CLOCK_OFFSET_MS?: number;
  NODE_ENV?: string;
}): string | null {
  const enabled = vars.FLEET_TEST_CLOCK === '1';
  if (enabled && vars.NODE_ENV === 'production')
    return 'FLEET_TEST_CLOCK=1 is refused with NODE_ENV=production';
  if (!enabled && vars.CLOCK_OFFSET_MS !== undefined)
    return 'CLOCK_OFFSET_MS needs FLEET_TEST_CLOCK=1';
  return null;
}

/**
 * The system time shifted by an offset, for end-to-end tests of schedules and maintenance windows on a real
 * process. Only the offset moves: timers still run on real time, and the time keeps running.
 */
export class TestClock extends Clock {
  private offsetMs: number;

  constructor(
    offsetMs = 0,
    private readonly systemNow: () => number = Date.now,
  ) {
    super();
    this.offsetMs = TestClock.checked(offsetMs);
  }

  override now(): Date {
    return new Date(this.systemNow() + this.offsetMs);
  }

  get offset(): number {
    return this.offsetMs;
  }

  /** From now on `now()` reads `at` (and runs on from there). */
  setNow(at: Date): void {
    this.offsetMs = TestClock.checked(at.getTime() - this.systemNow());
  }

  setOffset(offsetMs: number): void {
    this.offsetMs = TestClock.checked(offsetMs);
  }

  private static checked(offsetMs: number): number {
    if (!Number.isInteger(offsetMs) || Math.abs(offsetMs) > MAX_CLOCK_OFFSET_MS)
      throw new RangeError(
        `the test clock moves at most ${MAX_CLOCK_OFFSET_MS} ms from the system time`,
      );
    return offsetMs;
  }
}
