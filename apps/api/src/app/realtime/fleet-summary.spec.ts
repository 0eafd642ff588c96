import type { CarDisplayStatus, CarView } from '@fleet/shared/contracts';
import { FleetTally, summarizeFleet } from './fleet-summary';

type Counted = Pick<CarView, 'id' | 'display' | 'region' | 'version'>;

const car = (
  id: string,
  display: CarDisplayStatus,
  region = 'munich',
  version: string | null = '1.2.3',
): Counted => ({ id, display, region, version });

describe(FleetTally.name, () => {
  it('counts as summarizeFleet does over the same cars, through additions, changes and removals', () => {
    const tally = new FleetTally();
    const fleet = new Map<string, Counted>();
    const displays: CarDisplayStatus[] = [
      'parked',
      'ok',
      'updating',
      'failed',
      'offline',
    ];
    const regions = ['munich', 'berlin', 'hamburg'];
    const versions = [null, '1.2.3', '1.2.4'];
    // A fixed pseudo-random walk: 500 steps over 40 cars, about one in six a removal.
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let step = 0; step < 500; step++) {
      const id = `car-${next(40)}`;
      if (next(6) === 0) {
        fleet.delete(id);
        tally.remove(id);
      } else {
        const view = car(
          id,
          displays[next(displays.length)],
          regions[next(regions.length)],
          versions[next(versions.length)],
        );
        fleet.set(id, view);
        tally.set(view);
      }
      expect(tally.summary()).toEqual(
        summarizeFleet([...fleet.values()] as CarView[]),
      );
    }
  });

  it('moves its revision only when a count moved', () => {
    const tally = new FleetTally();
    tally.set(car('a', 'parked'));
    const added = tally.revision;

    tally.set(car('a', 'parked'));
    tally.remove('nobody');
    expect(tally.revision).toBe(added);

    tally.set(car('a', 'parked', 'munich', '1.2.4'));
    expect(tally.revision).toBeGreaterThan(added);
    const changed = tally.revision;
    tally.remove('a');
    expect(tally.revision).toBeGreaterThan(changed);
    expect(tally.summary()).toEqual({
      total: 0,
      byDisplay: { parked: 0, ok: 0, updating: 0, failed: 0, offline: 0 },
      byRegion: {},
      byVersion: {},
    });
  });
});
