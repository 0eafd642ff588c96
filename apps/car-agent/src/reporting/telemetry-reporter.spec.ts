import type { VehicleTelemetry } from '@fleet/shared/contracts';
import { systemClock } from '../agent/clock';
import { VehicleModel } from '../vehicle/vehicle-model';
import { TELEMETRY_HEARTBEAT_MS, TelemetryReporter, VEHICLE_TICK_MS } from './telemetry-reporter';

function reporter(vehicle: VehicleModel, simSpeed = 1) {
  const published: VehicleTelemetry[] = [];
  const changed: boolean[] = [];
  let batterySteps = 0;
  const r = new TelemetryReporter({
    clock: systemClock,
    vehicle,
    region: 'munich',
    simSpeed,
    publish: (t, c) => {
      published.push(t);
      changed.push(c);
    },
    onBatteryStep: () => void batterySteps++,
  });
  return { r, published, changed, steps: () => batterySteps };
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

  it('counts battery steps (faster with the sim speed) and sends the level with the next heartbeat', () => {
    const { r, published, steps } = reporter(new VehicleModel({ state: 'parked', batteryPct: 50 }), 20);
    r.start();
    jest.advanceTimersByTime(VEHICLE_TICK_MS * 3);
    expect(published.map((t) => t.batteryPct)).toEqual([51]);
    expect(steps()).toBe(3);
    jest.advanceTimersByTime(TELEMETRY_HEARTBEAT_MS);
    expect(published.map((t) => t.batteryPct)).toEqual([51, 56]);
    r.stop();
  });

  it('publishes at once on request, e.g. after a state change', () => {
    const vehicle = new VehicleModel({ state: 'parked', batteryPct: 80 }, () => 0.5);
    const { r, published } = reporter(vehicle);
    vehicle.setState('driving');
    r.publishNow();
    expect(published).toEqual([expect.objectContaining({ state: 'driving', speedKmh: 50 })]);
  });

  it('flags the first telemetry changed and a heartbeat that repeats it unchanged', () => {
    const { r, published, changed } = reporter(new VehicleModel({ state: 'parked', batteryPct: 100 }));
    r.start();
    jest.advanceTimersByTime(VEHICLE_TICK_MS + TELEMETRY_HEARTBEAT_MS * 2);
    expect(published.map((t) => t.state)).toEqual(['parked', 'parked', 'parked']);
    expect(changed).toEqual([true, false, false]);
    r.stop();
  });

  it('flags a heartbeat unchanged while the speed stays within the step', () => {
    // random() = 0.55: starts at 52 km/h and speeds up 0.8 km/h a second; the battery drains but stays at 80 %.
    const { r, published, changed } = reporter(new VehicleModel({ state: 'driving', batteryPct: 80.5 }, () => 0.55));
    r.start();
    jest.advanceTimersByTime(VEHICLE_TICK_MS + TELEMETRY_HEARTBEAT_MS);
    expect(published.map((t) => [t.state, t.speedKmh, Math.floor(t.batteryPct)])).toEqual([
      ['driving', 52.8, 80],
      ['driving', 56.8, 80],
    ]);
    expect(changed).toEqual([true, false]);
    r.stop();
  });

  it('flags a speed change of a whole step as changed', () => {
    // random() = 1: starts at 70 km/h and speeds up 8 km/h a second.
    const { r, published, changed } = reporter(new VehicleModel({ state: 'driving', batteryPct: 80.5 }, () => 1));
    r.start();
    jest.advanceTimersByTime(VEHICLE_TICK_MS * 3);
    expect(published.map((t) => t.speedKmh)).toEqual([78, 94]);
    expect(changed).toEqual([true, true]);
    r.stop();
  });

  it('flags a change of the vehicle state, between heartbeats, as changed', () => {
    const vehicle = new VehicleModel({ state: 'parked', batteryPct: 100 }, () => 0.5);
    const { r, published, changed } = reporter(vehicle);
    r.start();
    jest.advanceTimersByTime(VEHICLE_TICK_MS);
    vehicle.setState('driving');
    jest.advanceTimersByTime(VEHICLE_TICK_MS);
    vehicle.setState('parked');
    jest.advanceTimersByTime(VEHICLE_TICK_MS);
    expect(published.map((t) => t.state)).toEqual(['parked', 'driving', 'parked']);
    expect(changed).toEqual([true, true, true]);
    r.stop();
  });

  it('flags a heartbeat that carries only a new battery level unchanged', () => {
    const { r, changed } = reporter(new VehicleModel({ state: 'parked', batteryPct: 50 }), 20);
    r.start();
    jest.advanceTimersByTime(VEHICLE_TICK_MS + TELEMETRY_HEARTBEAT_MS);
    expect(changed).toEqual([true, false]);
    r.stop();
  });

  it('flags publishNow changed even when nothing changed', () => {
    const { r, changed } = reporter(new VehicleModel({ state: 'parked', batteryPct: 100 }));
    r.start();
    jest.advanceTimersByTime(VEHICLE_TICK_MS);
    r.publishNow();
    jest.advanceTimersByTime(TELEMETRY_HEARTBEAT_MS);
    expect(changed).toEqual([true, true, false]);
    r.stop();
  });
});
