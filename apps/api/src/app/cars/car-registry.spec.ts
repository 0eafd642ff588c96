import type { CarView, VehicleState } from '@fleet/shared/contracts';
import {
  executionState,
  helloMessage,
  statusMessage,
  vehicleTelemetry,
  workloadReport,
} from '../../testing/factories';
import { FakeClock } from '../../testing/fake-clock';
import { CarChange, CarRegistry, RegisteredCar } from './car-registry';

const ID = 'munich-000001';
const registered = (overrides: Partial<RegisteredCar> = {}): RegisteredCar => ({
  id: ID,
  region: 'munich',
  model: 'atlas-sedan',
  vehicleState: 'parked',
  version: null,
  createdAt: '2025-12-31T00:00:00.000Z',
  ...overrides,
});

function setup() {
  const clock = new FakeClock();
  const registry = new CarRegistry(clock);
  const changes: CarChange[] = [];
  registry.changes$.subscribe((c) => changes.push(c));
  registry.add(registered());
  return {
    clock,
    registry,
    changes,
    car: (): CarView => registry.get(ID) as CarView,
  };
}

describe(CarRegistry.name, () => {
  it('adds a car as starting, shown offline, with its Symphony target', () => {
    const { car, changes } = setup();

    expect(car()).toMatchObject({
      connection: 'starting',
      display: 'offline',
      target: 'car-munich-000001',
      pid: null,
    });
    expect(changes).toEqual([{ kind: 'changed', car: car() }]);
  });

  it('marks the car online on an online status and parked in display', () => {
    const { registry, car, clock } = setup();

    expect(registry.applyStatus(ID, statusMessage(ID))).toBe(true);

    expect(car()).toMatchObject({
      connection: 'online',
      display: 'parked',
      lastSeenAt: clock.nowIso(),
    });
  });

  it('marks an online car offline on its last will', () => {
    const { registry, car } = setup();
    registry.applyStatus(ID, statusMessage(ID));

    registry.applyStatus(ID, statusMessage(ID, { online: false }));

    expect(car()).toMatchObject({ connection: 'offline', display: 'offline' });
  });

  it('ignores the last will of an older agent instance', () => {
    const { registry, car } = setup();
    registry.applyStatus(ID, statusMessage(ID, { instanceId: 'new' }));

    registry.applyStatus(
      ID,
      statusMessage(ID, { online: false, instanceId: 'old' }),
    );

    expect(car().connection).toBe('online');
  });

  it('keeps crashed when the dead agent’s last will arrives', () => {
    const { registry, car } = setup();
    registry.applyStatus(ID, statusMessage(ID));
    registry.applyProcess({
      carId: ID,
      connection: 'crashed',
      pid: null,
      restarts: 0,
    });

    registry.applyStatus(ID, statusMessage(ID, { online: false }));

    expect(car()).toMatchObject({ connection: 'crashed', display: 'failed' });
  });

  it('takes the pid from the hello', () => {
    const { registry, car } = setup();

    registry.applyHello(ID, helloMessage(ID, { pid: 777 }));

    expect(car().pid).toBe(777);
  });

  it('takes cpu and memory from the load report', () => {
    const { registry, car } = setup();

    registry.applyLoad(ID, { cpuUsage: 12.5, freeMemory: 1024 });

    expect(car().load).toEqual({ cpuUsage: 12.5, freeMemory: 1024 });
  });

  it('takes vehicle state, speed and battery from the telemetry; a driving online car shows ok', () => {
    const { registry, car } = setup();
    registry.applyStatus(ID, statusMessage(ID));

    registry.applyVehicle(
      ID,
      vehicleTelemetry({ state: 'driving', speedKmh: 50, batteryPct: 64 }),
    );

    expect(car()).toMatchObject({
      vehicleState: 'driving',
      speedKmh: 50,
      batteryPct: 64,
      display: 'ok',
    });
  });

  it('keeps since when the car entered its vehicle state, by the car clock, through telemetry and commands', () => {
    const { registry, car } = setup();
    expect(car().vehicleStateSince).toBeNull();
    const reports = (state: VehicleState, at: string) =>
      registry.applyVehicle(ID, vehicleTelemetry({ state, at }));
    const steps: [() => void, VehicleState, string][] = [
      [
        () => reports('parked', '2026-11-27T05:00:00.000Z'),
        'parked',
        '2026-11-27T05:00:00.000Z',
      ],
      // Still parked: since stays.
      [
        () => reports('parked', '2026-11-27T05:00:05.000Z'),
        'parked',
        '2026-11-27T05:00:00.000Z',
      ],
      [
        () =>
          registry.setVehicleState(ID, 'driving', '2026-11-27T05:00:07.500Z'),
        'driving',
        '2026-11-27T05:00:07.500Z',
      ],
      // The car's own telemetry of the same change does not move it.
      [
        () => reports('driving', '2026-11-27T05:00:07.600Z'),
        'driving',
        '2026-11-27T05:00:07.500Z',
      ],
      [
        () => reports('parked', '2026-11-27T05:01:00.000Z'),
        'parked',
        '2026-11-27T05:01:00.000Z',
      ],
    ];
    for (const [act, vehicleState, vehicleStateSince] of steps) {
      act();
      expect(car()).toMatchObject({ vehicleState, vehicleStateSince });
    }
  });

  it('summarizes the workload states, keeps the version and reports the previous one', () => {
    const { registry, car } = setup();

    const result = registry.applyWorkloadStates(
      ID,
      workloadReport(ID, { version: '1.2.4' }),
    );

    expect(result).toEqual({ known: true, previousVersion: null });
    expect(car().version).toBe('1.2.4');
    expect(car().workloads).toMatchObject({
      total: 2,
      running: 1,
      pending: 1,
      failed: 0,
    });
    expect(registry.status(ID)?.workloadStates).toEqual([
      {
        name: 'navigation',
        instanceId: 'id-n1',
        executionState: executionState('Pending', 'Starting'),
        display: 'Pending(Starting)',
        health: 'unknown',
      },
      {
        name: 'telematics',
        instanceId: 'id-t1',
        executionState: executionState('Running'),
        display: 'Running(Ok)',
        health: 'healthy',
      },
    ]);
  });

  it('keeps the objects of a repeated report (a heartbeat) and replaces those of a changed one', () => {
    const { registry, car } = setup();
    registry.applyLoad(ID, { cpuUsage: 12.5, freeMemory: 1024 });
    registry.applyWorkloadStates(ID, workloadReport(ID));
    const before = car();
    const statuses = registry.status(ID)?.workloadStates;

    registry.applyLoad(ID, { cpuUsage: 12.5, freeMemory: 1024 });
    registry.applyWorkloadStates(
      ID,
      workloadReport(ID, { at: '2026-01-01T00:00:10.000Z' }),
    );
    expect(car().load).toBe(before.load);
    expect(car().workloads).toBe(before.workloads);
    expect(registry.status(ID)?.workloadStates).toBe(statuses);

    registry.applyLoad(ID, { cpuUsage: 40, freeMemory: 1024 });
    registry.applyWorkloadStates(
      ID,
      workloadReport(ID, {
        workloadStates: { telematics: { 'id-t1': executionState('Running') } },
      }),
    );
    expect(car().load).toEqual({ cpuUsage: 40, freeMemory: 1024 });
    expect(car().workloads).not.toBe(before.workloads);
    expect(car().workloads).toMatchObject({ total: 1, running: 1 });
    expect(registry.status(ID)?.workloadStates).toHaveLength(1);
  });

  it('shows a car with a failed workload as failed', () => {
    const { registry, car } = setup();
    registry.applyStatus(ID, statusMessage(ID));

    registry.applyWorkloadStates(
      ID,
      workloadReport(ID, {
        workloadStates: { app: { i: executionState('Failed', 'ExecFailed') } },
      }),
    );

    expect(car().display).toBe('failed');
  });

  it('takes connection, pid and restarts from the supervisor', () => {
    const { registry, car } = setup();

    registry.applyProcess({
      carId: ID,
      connection: 'starting',
      pid: 99,
      restarts: 2,
    });

    expect(car()).toMatchObject({
      connection: 'starting',
      pid: 99,
      restarts: 2,
    });
  });

  it('answers false for messages about unknown cars and changes nothing', () => {
    const { registry, changes } = setup();

    expect(registry.applyStatus('other', statusMessage('other'))).toBe(false);
    expect(registry.applyVehicle('other', vehicleTelemetry())).toBe(false);
    expect(
      registry.applyWorkloadStates('other', workloadReport('other')).known,
    ).toBe(false);
    expect(changes).toHaveLength(1);
  });

  it('announces a removal', () => {
    const { registry, changes } = setup();

    expect(registry.remove(ID)).toBe(true);

    expect(registry.has(ID)).toBe(false);
    expect(changes.at(-1)).toEqual({ kind: 'removed', id: ID });
  });
});
