import type { MaintenanceWindow } from '@fleet/shared/contracts';
import { isWindowOpen, localTime } from './maintenance-window';

function window(overrides: Partial<MaintenanceWindow> = {}): MaintenanceWindow {
  return {
    region: 'munich',
    timeZone: 'Europe/Berlin',
    start: '02:00',
    end: '05:00',
    ...overrides,
  };
}

describe(isWindowOpen.name, () => {
  it('follows the time zone, daylight saving included', () => {
    // 01:30 UTC is 02:30 in Berlin in winter (UTC+1), 03:30 in summer (UTC+2).
    expect(
      localTime(new Date('2026-01-15T01:30:00Z'), 'Europe/Berlin'),
    ).toEqual({ weekday: 'thu', minutes: 150 });
    expect(
      localTime(new Date('2026-07-15T01:30:00Z'), 'Europe/Berlin'),
    ).toEqual({ weekday: 'wed', minutes: 210 });
    expect(
      isWindowOpen(window({ end: '03:00' }), new Date('2026-01-15T01:30:00Z')),
    ).toBe(true);
    expect(
      isWindowOpen(window({ end: '03:00' }), new Date('2026-07-15T01:30:00Z')),
    ).toBe(false);
  });

  it('includes the start and excludes the end', () => {
    expect(isWindowOpen(window(), new Date('2026-01-15T01:00:00Z'))).toBe(true);
    expect(isWindowOpen(window(), new Date('2026-01-15T04:00:00Z'))).toBe(
      false,
    );
  });

  it('spans midnight when the end comes before the start, on the day it opened', () => {
    const night = window({ start: '22:00', end: '04:00', days: ['fri'] });
    expect(isWindowOpen(night, new Date('2026-01-16T21:30:00Z'))).toBe(true); // Fri 22:30
    expect(isWindowOpen(night, new Date('2026-01-17T02:00:00Z'))).toBe(true); // Sat 03:00, opened Friday
    expect(isWindowOpen(night, new Date('2026-01-17T21:30:00Z'))).toBe(false); // Sat 22:30
    expect(isWindowOpen(night, new Date('2026-01-16T02:00:00Z'))).toBe(false); // Fri 03:00, opened Thursday
  });
});
