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
  it('announces a load-only change at most once per interval per car', () => {
    const thinning = new LoadThinning();
    expect(thinning.admit(car(), 0)).toBe(true);
    expect(
      thinning.admit(
        car({ load: { cpuUsage: 2, freeMemory: 2 }, lastSeenAt: 't1' }),
        2_000,
      ),
    ).toBe(false);
    expect(
      thinning.admit(
        car({ load: { cpuUsage: 3, freeMemory: 3 } }),
        LOAD_ANNOUNCE_INTERVAL_MS - 1,
      ),
    ).toBe(false);
    expect(
      thinning.admit(
        car({ load: { cpuUsage: 4, freeMemory: 4 } }),
        LOAD_ANNOUNCE_INTERVAL_MS,
      ),
    ).toBe(true);
  });

  it('lets any other change through at once, and each car has its own interval', () => {
    const thinning = new LoadThinning();
    thinning.admit(car(), 0);
    expect(
      thinning.admit(
        car({ vehicleState: 'driving', load: { cpuUsage: 9, freeMemory: 9 } }),
        100,
      ),
    ).toBe(true);
    expect(thinning.admit(car({ id: 'car-2' }), 100)).toBe(true);
    expect(
      thinning.admit(
        car({ id: 'car-2', load: { cpuUsage: 5, freeMemory: 5 } }),
        200,
      ),
    ).toBe(false);
  });

  it('treats a car seen again after forget() as new', () => {
    const thinning = new LoadThinning();
    thinning.admit(car(), 0);
    thinning.forget('car-1');
    expect(
      thinning.admit(car({ load: { cpuUsage: 2, freeMemory: 2 } }), 1),
    ).toBe(true);
  });
});
