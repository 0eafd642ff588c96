import type { CarView } from '@fleet/shared/contracts';
import { carView } from '../../testing/factories';
import { LOAD_ANNOUNCE_INTERVAL_MS, LoadThinning } from './load-thinning';

/** An online parked car with a load, the same object fields (workloads) in every view, as the registry keeps them. */
const workloads = carView().workloads;
const car = (overrides: Partial<CarView> = {}): CarView =>
  carView({
    id: 'car-1',
    workloads,
    load: { cpuUsage: 1, freeMemory: 1 },
    lastSeenAt: 't0',
    ...overrides,
  });

describe(LoadThinning.name, () => {
  it('announces a load-only change at most once per interval per car, as routine', () => {
    const thinning = new LoadThinning();
    expect(thinning.weigh(car(), 0)).toBe('urgent');
    expect(
      thinning.weigh(
        car({ load: { cpuUsage: 2, freeMemory: 2 }, lastSeenAt: 't1' }),
        2_000,
      ),
    ).toBe('skip');
    expect(
      thinning.weigh(
        car({ load: { cpuUsage: 3, freeMemory: 3 } }),
        LOAD_ANNOUNCE_INTERVAL_MS - 1,
      ),
    ).toBe('skip');
    expect(
      thinning.weigh(
        car({ load: { cpuUsage: 4, freeMemory: 4 } }),
        LOAD_ANNOUNCE_INTERVAL_MS,
      ),
    ).toBe('routine');
  });

  it('lets any other change through at once, and each car has its own interval', () => {
    const thinning = new LoadThinning();
    thinning.weigh(car(), 0);
    expect(
      thinning.weigh(
        car({ vehicleState: 'driving', load: { cpuUsage: 9, freeMemory: 9 } }),
        100,
      ),
    ).toBe('urgent');
    expect(thinning.weigh(car({ id: 'car-2' }), 100)).toBe('urgent');
    expect(
      thinning.weigh(
        car({ id: 'car-2', load: { cpuUsage: 5, freeMemory: 5 } }),
        200,
      ),
    ).toBe('skip');
  });

  it('weighs telemetry as routine and what an operator acts on as urgent', () => {
    const thinning = new LoadThinning();
    thinning.weigh(car(), 0);
    expect(thinning.weigh(car({ batteryPct: 42, speedKmh: 3 }), 1)).toBe(
      'routine',
    );
    const urgent: Partial<CarView>[] = [
      { vehicleState: 'driving' },
      { connection: 'offline' },
      { updateState: 'updating' },
      { version: '9.9.9' },
      { region: 'berlin' },
      { workloads: { ...workloads, failed: 1 } },
    ];
    for (const change of urgent) {
      const fresh = new LoadThinning();
      fresh.weigh(car(), 0);
      expect({ change, weight: fresh.weigh(car(change), 1) }).toEqual({
        change,
        weight: 'urgent',
      });
    }
  });

  it('compares object fields by value: equal workloads in a new object are no change', () => {
    const thinning = new LoadThinning();
    thinning.weigh(car(), 0);
    expect(thinning.weigh(car({ workloads: { ...workloads } }), 1)).toBe(
      'skip',
    );
  });

  it('treats a car seen again after forget() as new', () => {
    const thinning = new LoadThinning();
    thinning.weigh(car(), 0);
    thinning.forget('car-1');
    expect(
      thinning.weigh(car({ load: { cpuUsage: 2, freeMemory: 2 } }), 1),
    ).toBe('urgent');
  });
});
