import { initialBatteryPct, MAX_DRIVING_SPEED, MIN_DRIVING_SPEED, VehicleModel } from './vehicle-model';

const sequence = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length];
};

describe(VehicleModel.name, () => {
  it('stands still and charges while parked, up to 100 %', () => {
    const vehicle = new VehicleModel({ state: 'parked', batteryPct: 50 });
    vehicle.advance(60);
    expect(vehicle.speedKmh).toBe(0);
    expect(vehicle.batteryPct).toBeCloseTo(53, 5);
    vehicle.advance(100_000);
    expect(vehicle.batteryPct).toBe(100);
  });

  it('drives at 30-130 km/h and drains the battery, down to 0 %', () => {
    const vehicle = new VehicleModel({ state: 'driving', batteryPct: 80 }, sequence(1, 0, 1, 1, 0.9));
    for (let i = 0; i < 200; i++) {
      vehicle.advance(1);
      expect(vehicle.speedKmh).toBeGreaterThanOrEqual(MIN_DRIVING_SPEED);
      expect(vehicle.speedKmh).toBeLessThanOrEqual(MAX_DRIVING_SPEED);
    }
    expect(vehicle.batteryPct).toBeLessThan(80);
    vehicle.advance(1_000_000);
    expect(vehicle.batteryPct).toBe(0);
  });

  it('starts moving when set to driving and stops when parked', () => {
    const vehicle = new VehicleModel({ state: 'parked', batteryPct: 70 }, () => 0.5);
    expect(vehicle.setState('driving')).toBe(true);
    expect(vehicle.speedKmh).toBe(50);
    expect(vehicle.setState('driving')).toBe(false);
    expect(vehicle.setState('parked')).toBe(true);
    expect(vehicle.speedKmh).toBe(0);
  });

  it('tells its listeners about state changes until they unsubscribe', () => {
    const vehicle = new VehicleModel({ state: 'parked', batteryPct: 70 });
    const seen: string[] = [];
    const unsubscribe = vehicle.onChange((state) => seen.push(state));
    vehicle.setState('driving');
    vehicle.setState('driving');
    unsubscribe();
    vehicle.setState('parked');
    expect(seen).toEqual(['driving']);
  });

  it('describes itself as telemetry with the region', () => {
    const vehicle = new VehicleModel({ state: 'parked', batteryPct: 64.44 });
    const at = new Date('2026-03-01T10:00:00.000Z');
    expect(vehicle.telemetry('munich', at)).toEqual({
      state: 'parked',
      speedKmh: 0,
      batteryPct: 64.4,
      region: 'munich',
      at: '2026-03-01T10:00:00.000Z',
    });
  });

  it('snapshots what a restart needs', () => {
    expect(new VehicleModel({ state: 'driving', batteryPct: 33 }).snapshot()).toEqual({ state: 'driving', batteryPct: 33 });
  });
});

describe(initialBatteryPct.name, () => {
  it('picks a level between 50 and 100 %', () => {
    expect(initialBatteryPct(() => 0)).toBe(50);
    expect(initialBatteryPct(() => 0.999)).toBe(100);
  });
});
