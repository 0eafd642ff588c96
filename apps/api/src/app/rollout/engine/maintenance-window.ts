import { WEEKDAYS } from '@fleet/shared/contracts';
import type { MaintenanceWindow, Weekday } from '@fleet/shared/contracts';

interface LocalTime {
  weekday: Weekday;
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock weekday and minute of the day in `timeZone` (daylight saving included). */
export function localTime(at: Date, timeZone: string): LocalTime {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return {
    weekday: (parts['weekday'] ?? 'Mon').slice(0, 3).toLowerCase() as Weekday,
    minutes: Number(parts['hour']) * 60 + Number(parts['minute']),
  };
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

function previousDay(day: Weekday): Weekday {
  return WEEKDAYS[(WEEKDAYS.indexOf(day) + 6) % 7];
}

/** Whether `at` falls inside the window; a window past midnight belongs to the day it opened. */
export function isWindowOpen(window: MaintenanceWindow, at: Date): boolean {
  const { weekday, minutes } = localTime(at, window.timeZone);
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  const opensOn = (day: Weekday) => !window.days || window.days.includes(day);
  if (start < end) return minutes >= start && minutes < end && opensOn(weekday);
  if (minutes >= start) return opensOn(weekday);
  return minutes < end && opensOn(previousDay(weekday));
}

export function windowFor(
  windows: readonly MaintenanceWindow[] | undefined,
  region: string,
): MaintenanceWindow | undefined {
  return windows?.find((w) => w.region === region);
}

export function describeWindow(window: MaintenanceWindow): string {
  const days = window.days ? ` on ${window.days.join(',')}` : '';
  return `${window.start}-${window.end} ${window.timeZone}${days}`;
}
