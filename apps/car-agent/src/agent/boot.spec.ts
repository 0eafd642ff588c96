import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StateFile } from '../persistence/state-file';
import { FakeCluster } from '../testing/fake-cluster';
import { desiredState, tempDir } from '../testing/factories';
import { MemoryLogger } from '../testing/memory-logger';
import { bootState, BootInput } from './boot';
import { StartupError } from './startup-error';

describe(bootState.name, () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.remove());

  const input = (overrides: Partial<BootInput> = {}): BootInput => ({
    agentName: 'car-1',
    stateFile: new StateFile(dir.path),
    cluster: new FakeCluster(),
    manifestPath: 'base.yaml',
    initialVehicleState: 'driving',
    random: () => 0.5,
    logger: new MemoryLogger(),
    readManifest: (path, name) => `manifest ${path} for ${name}`,
    ...overrides,
  });

  it('applies the base manifest with the agent name on the very first start', () => {
    const cluster = new FakeCluster();
    const booted = bootState(input({ cluster }));
    expect(cluster.applied).toEqual(['manifest base.yaml for car-1']);
    expect(booted).toEqual({ vehicle: { state: 'driving', batteryPct: 75 }, firstStart: true });
  });

  it('restores the saved state and ignores --manifest afterwards', () => {
    const stateFile = new StateFile(dir.path);
    stateFile.save({ version: 1, desiredState: desiredState('adas'), vehicle: { state: 'parked', batteryPct: 12 }, savedAt: '' });
    const cluster = new FakeCluster();
    const booted = bootState(input({ cluster, stateFile }));
    expect(cluster.applied).toEqual([]);
    expect(cluster.desired).toEqual(desiredState('adas'));
    expect(booted).toEqual({ vehicle: { state: 'parked', batteryPct: 12 }, firstStart: false });
  });

  it('starts empty without a manifest', () => {
    const cluster = new FakeCluster();
    bootState(input({ cluster, manifestPath: null }));
    expect(cluster.applied).toEqual([]);
  });

  it('refuses to start when the cluster refuses the manifest', () => {
    const cluster = new FakeCluster();
    cluster.nextResponse = { added_workloads: [], deleted_workloads: [], error: 'bad apiVersion' };
    expect(() => bootState(input({ cluster }))).toThrow(new StartupError('--manifest base.yaml was refused: bad apiVersion'));
  });

  it('refuses to start on an unreadable state file rather than silently starting over', () => {
    const stateFile = new StateFile(dir.path);
    stateFile.ensureFolder();
    writeFileSync(stateFile.path, 'garbage');
    expect(() => bootState(input({ stateFile }))).toThrow(StartupError);
  });

  it('refuses to start when the run folder cannot be created', () => {
    writeFileSync(join(dir.path, 'a-file'), '');
    expect(() => bootState(input({ stateFile: new StateFile(join(dir.path, 'a-file', 'run')) }))).toThrow(/cannot use run folder/);
  });
});
