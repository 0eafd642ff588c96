import { CAR_DISPLAY_STATUSES } from '@fleet/shared/contracts';
import type {
  CarDisplayStatus,
  CarView,
  FleetSummary,
} from '@fleet/shared/contracts';

/** Cars counted by display status, region and version (`unknown` before a car's first report). */
export function summarizeFleet(cars: readonly CarView[]): FleetSummary {
  const byDisplay = Object.fromEntries(
    CAR_DISPLAY_STATUSES.map((s) => [s, 0]),
  ) as Record<CarDisplayStatus, number>;
  const byRegion: Record<string, number> = {};
  const byVersion: Record<string, number> = {};
  for (const car of cars) {
    byDisplay[car.display]++;
    byRegion[car.region] = (byRegion[car.region] ?? 0) + 1;
    const version = car.version ?? 'unknown';
    byVersion[version] = (byVersion[version] ?? 0) + 1;
  }
  return { total: cars.length, byDisplay, byRegion, byVersion };
}
