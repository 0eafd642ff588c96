import type { VehicleTelemetry } from '@fleet/shared/contracts';
import { systemClock } from '../agent/clock';
import { VehicleModel } from '../vehicle/vehicle-model';
import { TELEMETRY_HEARTBEAT_MS, TelemetryReporter, VEHICLE_TICK_MS } from './telemetry-reporter';

function reporter(vehicle: VehicleModel, simSpeed = 1) {
  const published: VehicleTelemetry[] = [];
  let batterySteps = 0;
  const r = new TelemetryReporter({
    clock: systemClock,
    vehicle,
    region: 'munich',
    simSpeed,
    publish: (t) => void published.push(t),
    onBatteryStep: () => void batterySteps++,
  });
  return { r, published, steps: () => batterySteps };
}

describe(TelemetryReporter.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('publishes on the first tick and then every 5 s while nothing changes', () => {
    const { r, published } = reporter(new VehicleModel({ state: 'parked', batteryPct: 100 }));
    r.start();
    jest.advanceTimersByTime(VEHICLE_TICK_MS);
    expect(published).toHaveLength(1);
    jest.advanceTimersByTime(TELEMETRY_HEARTBEAT_MS);
    expect(published).toHaveLength(2);
    expect(published[1]).toMatchObject({ state: 'parked', speedKmh: 0, batteryPct: 100, region: 'munich' });
    r.stop();
  });

  it('publishes when the battery moves a whole percent, faster with the sim speed', () => {
    const { r, published, steps } = reporter(new VehicleModel({ state: 'parked', batteryPct: 50 }), 20);
    r.start();
    jest.advanceTimersByTime(VEHICLE_TICK_MS * 3);
    expect(published.map((t) => t.batteryPct)).toEqual([51, 52, 53]);
    expect(steps()).toBe(3);
    r.stop();
  });

  it('publishes at once on request, e.g. after a state change', () => {
    const vehicle = new VehicleModel({ state: 'parked', batteryPct: 80 }, () => 0.5);
    const { r, published } = reporter(vehicle);
    vehicle.setState('driving');
    r.publishNow();
    expect(published).toEqual([expect.objectContaining({ state: 'driving', speedKmh: 50 })]);
  });
});
