import {
  displayStatusOf,
  emptyWorkloadSummary,
  symphonyTargetName,
  type CarView,
  type CarWorkloadView,
  type ExecutionState,
  type FleetSummary,
  type LogLine,
  type Page,
} from '@fleet/shared/contracts';

let sequence = 0;

/** A car in `munich`, online and parked, unless overridden; `display` follows the seed's rule. */
export function aCar(overrides: Partial<CarView> = {}): CarView {
  sequence++;
  const car: CarView = {
    id: `car-${sequence}`,
    region: 'munich',
    model: 'sedan',
    vehicleState: 'parked',
    vehicleStateSince: null,
    speedKmh: 0,
    batteryPct: 80,
    connection: 'online',
    updateState: 'idle',
    display: 'parked',
    version: '1.2.3',
    workloads: { ...emptyWorkloadSummary(), total: 2, running: 2 },
    load: { cpuUsage: 3, freeMemory: 512_000_000 },
    target: '',
    restarts: 0,
    pid: 4000 + sequence,
    lastSeenAt: '2026-11-26T10:00:00.000Z',
    createdAt: '2026-11-26T09:00:00.000Z',
    ...overrides,
  };
  return {
    ...car,
    target: car.target || symphonyTargetName(car.id),
    display: overrides.display ?? displayStatusOf(car),
  };
}

export function aPage<T>(items: T[], overrides: Partial<Page<T>> = {}): Page<T> {
  return { items, total: items.length, page: 1, pageSize: 200, ...overrides };
}

export function anExecutionState(state: ExecutionState['state'] = 'Running', subState = 'Ok'): ExecutionState {
  return { state, subState, additionalInfo: '' };
}

export function aWorkload(overrides: Partial<CarWorkloadView> = {}): CarWorkloadView {
  const executionState = overrides.executionState ?? anExecutionState();
  return {
    name: 'telematics',
    instanceId: 'a1b2c3',
    runtime: 'podman',
    image: 'registry/telematics:1.2.3',
    version: '1.2.3',
    restartPolicy: 'ALWAYS',
    dependencies: {},
    executionState,
    display: executionState.subState ? `${executionState.state}(${executionState.subState})` : executionState.state,
    ...overrides,
  };
}

export function aLogLine(overrides: Partial<LogLine> = {}): LogLine {
  sequence++;
  return {
    carId: 'car-1',
    workload: 'telematics',
    at: new Date(Date.UTC(2026, 10, 26, 10, 0, sequence % 60, sequence)).toISOString(),
    level: 'info',
    message: `line ${sequence}`,
    ...overrides,
  };
}

export function aSummary(overrides: Partial<FleetSummary> = {}): FleetSummary {
  return {
    total: 6,
    byDisplay: { ok: 1, updating: 1, failed: 1, parked: 2, offline: 1 },
    byRegion: { munich: 4, berlin: 2 },
    byVersion: { '1.2.3': 6 },
    ...overrides,
  };
}
