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

interface Counted {
  display: CarDisplayStatus;
  region: string;
  version: string;
}

/**
 * The same counts as `summarizeFleet`, kept car by car: a change costs a few comparisons instead of a pass over
 * the whole fleet (10,000 views copied and counted every second while cars report), and `revision` moves only
 * when a count moved, so a battery level or a load figure sends no summary.
 */
export class FleetTally {
  private readonly cars = new Map<string, Counted>();
  private readonly byDisplay = new Map<CarDisplayStatus, number>();
  private readonly byRegion = new Map<string, number>();
  private readonly byVersion = new Map<string, number>();
  private revisionCount = 0;

  /** Changes whenever a count changed. */
  get revision(): number {
    return this.revisionCount;
  }

  /** A car as it is now (a new one or a change). */
  set(car: Pick<CarView, 'id' | 'display' | 'region' | 'version'>): void {
    const version = car.version ?? 'unknown';
    const before = this.cars.get(car.id);
    if (
      before?.display === car.display &&
      before.region === car.region &&
      before.version === version
    )
      return;
    if (before) this.count(before, -1);
    const now = { display: car.display, region: car.region, version };
    this.cars.set(car.id, now);
    this.count(now, 1);
    this.revisionCount++;
  }

  remove(id: string): void {
    const before = this.cars.get(id);
    if (!before) return;
    this.cars.delete(id);
    this.count(before, -1);
    this.revisionCount++;
  }

  summary(): FleetSummary {
    const byDisplay = Object.fromEntries(
      CAR_DISPLAY_STATUSES.map((s) => [s, this.byDisplay.get(s) ?? 0]),
    ) as Record<CarDisplayStatus, number>;
    return {
      total: this.cars.size,
      byDisplay,
      byRegion: Object.fromEntries(this.byRegion),
      byVersion: Object.fromEntries(this.byVersion),
    };
  }

  private count(car: Counted, by: 1 | -1): void {
    add(this.byDisplay, car.display, by);
    add(this.byRegion, car.region, by);
    add(this.byVersion, car.version, by);
  }
}

/** Adds to a count; a count that reaches zero is dropped (a region or version nobody has is not listed). */
function add<K>(counts: Map<K, number>, key: K, by: number): void {
  const next = (counts.get(key) ?? 0) + by;
  if (next === 0) counts.delete(key);
  else counts.set(key, next);
}
