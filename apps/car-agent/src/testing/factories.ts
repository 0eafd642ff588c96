import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CarCommand, DesiredState, WorkloadSpec } from '@fleet/shared/contracts';
import type { AgentDeps } from '../agent/agent-deps';
import { systemClock } from '../agent/clock';
import type { AgentConfig } from '../config/agent-config';
import { StateFile } from '../persistence/state-file';
import { FakeCluster } from './fake-cluster';
import { FakeProcess } from './fake-process';
import { FakeTransport } from './fake-transport';
import { MemoryLogger } from './memory-logger';

export function agentConfig(overrides: Partial<AgentConfig> = {}): AgentConfig {
  return {
    name: 'car-1',
    serverUrl: 'mqtt://127.0.0.1:1',
    insecure: true,
    tls: null,
    tags: { region: 'munich', model: 'sedan' },
    runFolder: '/nonexistent',
    manifestPath: null,
    initialVehicleState: 'parked',
    simSpeed: 1,
    ...overrides,
  };
}

export function workloadSpec(overrides: Partial<WorkloadSpec> = {}): WorkloadSpec {
  return { agent: 'car-1', runtime: 'podman', runtimeConfig: 'image: ghcr.io/fleet-ota/telematics:1.2.3\n', ...overrides };
}

export function desiredState(...names: string[]): DesiredState {
  return { apiVersion: 'v1', workloads: Object.fromEntries(names.map((n) => [n, workloadSpec()])), configs: {} };
}

export function setVehicleStateCommand(state: 'parked' | 'driving', requestId = 'req-1'): CarCommand {
  return { requestId, type: 'set-vehicle-state', state };
}

/** A temporary directory, removed by the returned cleanup. */
export function tempDir(): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'car-agent-test-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface TestAgentDeps extends AgentDeps {
  transport: () => FakeTransport;
  cluster: () => FakeCluster;
  fakeProcess: FakeProcess;
  memoryLogger: MemoryLogger;
}

/** Agent dependencies with fakes for the broker, cluster and process; the state file is real. */
export function testAgentDeps(config: AgentConfig, overrides: Partial<AgentDeps> = {}): TestAgentDeps {
  let transport: FakeTransport | null = null;
  let cluster: FakeCluster | null = null;
  const fakeProcess = new FakeProcess();
  const memoryLogger = new MemoryLogger();
  return {
    config,
    instanceId: 'aaaaaaaa-0000-4000-8000-000000000001',
    clock: systemClock,
    random: () => 0.5,
    logger: memoryLogger,
    process: fakeProcess,
    loadProbe: { sample: () => ({ cpuUsage: 1.5, freeMemory: 1_000_000 }) },
    stateFile: new StateFile(config.runFolder),
    createTransport: (options) => (transport = new FakeTransport(options)),
    createCluster: (options) => (cluster = new FakeCluster(options)),
    readManifest: (_path, agentName) => `workloads for ${agentName}`,
    ...overrides,
    transport: () => required(transport, 'transport'),
    cluster: () => required(cluster, 'cluster'),
    fakeProcess,
    memoryLogger,
  };
}

function required<T>(value: T | null, what: string): T {
  if (value === null) throw new Error(`no ${what} was created`);
  return value;
}
