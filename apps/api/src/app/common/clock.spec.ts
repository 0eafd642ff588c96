import { FakeClock } from '../../testing/fake-clock';
import { Clock } from './clock';

describe(Clock.name, () => {
  it('gives the current time as ISO 8601', () => {
    const before = Date.now();
    const iso = new Clock().nowIso();
    const after = Date.now();
    expect(iso).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(iso)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(iso)).toBeLessThanOrEqual(after);
  });

  it('follows the time of a clock whose now() is its own, to the millisecond', () => {
    const clock = new FakeClock('2026-03-01T10:00:00.000Z');
    expect(clock.nowIso()).toBe('2026-03-01T10:00:00.000Z');
    expect(clock.nowIso()).toBe('2026-03-01T10:00:00.000Z');
    clock.advance(1);
    expect(clock.nowIso()).toBe('2026-03-01T10:00:00.001Z');
    clock.advance(86_400_000);
    expect(clock.nowIso()).toBe('2026-03-02T10:00:00.001Z');
  });
});
