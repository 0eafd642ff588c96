import { displayStatusOf, emptyWorkloadSummary } from '@fleet/shared/contracts';
import type {
  AgentHello,
  AgentStatusMessage,
  CarView,
  ExecutionState,
  ExecutionStateName,
  LogLine,
  VehicleTelemetry,
  WorkloadStatesReport,
} from '@fleet/shared/contracts';
import type {
  AgentSettings,
  AppConfig,
  AuthSettings,
} from '../app/config/app-config';
import type { MqttSecuritySettings } from '../app/config/mqtt-security-config';
import type { BrokerEndpoint } from '../app/mqtt/broker-endpoint';
import type { CarEntity } from '../app/database/car.entity';
import type { UpdateHistoryEntity } from '../app/updates/update-history.entity';

const AT = '2026-01-01T00:00:00.000Z';

export function agentSettings(
  overrides: Partial<AgentSettings> = {},
): AgentSettings {
  return {
    script: '/fleet/dist/apps/car-agent/main.js',
    manifest: '/fleet/ankaios/base-manifest.yaml',
    args: [],
    restartLimit: 5,
    restartWindowMs: 600_000,
    defaultVehicleState: 'parked',
    ...overrides,
  };
}

export function authSettings(
  overrides: Partial<AuthSettings> = {},
): AuthSettings {
  return {
    jwtSecret: 'test-secret-test-secret-test-secret-42',
    jwtTtlSeconds: 8 * 3600,
    adminUsername: null,
    adminPassword: null,
    loginRateLimitPerMinute: 10,
    writeRateLimitPerMinute: 600,
    ...overrides,
  };
}

export function mqttSecuritySettings(
  overrides: Partial<MqttSecuritySettings> = {},
): MqttSecuritySettings {
  return {
    mode: 'none',
    tls: false,
    username: 'fleet-api',
    password: null,
    caFile: null,
    certFile: null,
    keyFile: null,
    carSecretsDir: null,
    pkiDir: '/fleet/data/pki',
    ...overrides,
  };
}

export function appConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir: '/fleet/data',
    mqttUrl: null,
    mqttPort: 0,
    brokerWorker: null,
    database: { type: 'sqlite', path: '/fleet/data/fleet.sqlite' },
    demoFleet: [],
    logFormat: 'pretty',
    agent: agentSettings(),
    consoleDir: '/fleet/dist/apps/console/browser',
    auth: authSettings(),
    symphony: {
      configDir: '/fleet/symphony-config',
      timeoutSeconds: 180,
      concurrency: 256,
    },
    mqttSecurity: mqttSecuritySettings(),
    ...overrides,
  };
}

export function brokerEndpoint(url = 'mqtt://127.0.0.1:18830'): BrokerEndpoint {
  return { url, embedded: true, close: async () => undefined };
}

export function carView(overrides: Partial<CarView> = {}): CarView {
  const car: CarView = {
    id: 'munich-000001',
    region: 'munich',
    model: 'atlas-sedan',
    vehicleState: 'parked',
    vehicleStateSince: null,
    speedKmh: 0,
    batteryPct: 80,
    connection: 'online',
    updateState: 'idle',
    display: 'parked',
    version: '1.2.3',
    workloads: emptyWorkloadSummary(),
    load: null,
    target: 'car-munich-000001',
    restarts: 0,
    pid: 4000,
    lastSeenAt: AT,
    createdAt: AT,
    ...overrides,
  };
  return { ...car, display: displayStatusOf(car) };
}

export function statusMessage(
  name: string,
  overrides: Partial<AgentStatusMessage> = {},
): AgentStatusMessage {
  return { name, online: true, instanceId: 'instance-1', at: AT, ...overrides };
}

export function helloMessage(
  name: string,
  overrides: Partial<AgentHello> = {},
): AgentHello {
  return {
    name,
    protocolVersion: '1',
    instanceId: 'instance-1',
    tags: { region: 'munich', model: 'atlas-sedan' },
    pid: 4242,
    startedAt: AT,
    ...overrides,
  };
}

export function vehicleTelemetry(
  overrides: Partial<VehicleTelemetry> = {},
): VehicleTelemetry {
  return {
    state: 'driving',
    speedKmh: 42,
    batteryPct: 77,
    region: 'munich',
    at: AT,
    ...overrides,
  };
}

export function executionState(
  state: ExecutionStateName,
  subState = state === 'Running' ? 'Ok' : '',
): ExecutionState {
  return { state, subState, additionalInfo: '' };
}

export function workloadReport(
  agent: string,
  overrides: Partial<WorkloadStatesReport> = {},
): WorkloadStatesReport {
  return {
    agent,
    workloadStates: {
      telematics: { 'id-t1': executionState('Running') },
      navigation: { 'id-n1': executionState('Pending', 'Starting') },
    },
    version: '1.2.3',
    health: { telematics: 'healthy' },
    at: AT,
    ...overrides,
  };
}

export function logLine(
  carId: string,
  overrides: Partial<LogLine> = {},
): LogLine {
  return {
    carId,
    workload: 'telematics',
    at: AT,
    level: 'info',
    message: 'started',
    ...overrides,
  };
}

/** A stored car (the `cars` table's row). */
export function carEntity(overrides: Partial<CarEntity> = {}): CarEntity {
  return {
    id: 'car-1',
    region: 'munich',
    model: 'sedan',
    desiredVehicleState: 'parked',
    lastKnownVersion: '1.2.3',
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

/** A stored history entry, pending; `requestedAt` differs by the id's length, so that entries sort. */
export function historyEntity(
  id: string,
  overrides: Partial<UpdateHistoryEntity> = {},
): UpdateHistoryEntity {
  return {
    id,
    carId: 'c1',
    kind: 'update',
    fromVersion: '1.2.3',
    toVersion: '1.2.4',
    result: 'pending',
    phase: 'queued',
    actor: 'alice',
    requestedAt: `2026-01-01T00:00:0${id.length % 10}.000Z`,
    finishedAt: null,
    instance: 'fleet-car-c1',
    instanceGeneration: 1,
    jobId: id,
    coaState: null,
    details: { components: {}, plan: [], messages: [] },
    ...overrides,
  };
}
