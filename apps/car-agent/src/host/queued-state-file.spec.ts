import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STATE_FILE_VERSION } from '../persistence/persisted-state';
import type { PersistedState } from '../persistence/persisted-state';
import { StateFile } from '../persistence/state-file';
import { tempDir } from '../testing/factories';
import { MemoryLogger } from '../testing/memory-logger';
import { QueuedStateFile, StateWriteQueue } from './queued-state-file';

const state = (batteryPct: number): PersistedState => ({
  version: STATE_FILE_VERSION,
  desiredState: { apiVersion: 'v0.1', workloads: {}, configs: {} },
  vehicle: { state: 'parked', batteryPct },
  savedAt: '2026-03-01T10:00:00.000Z',
});

describe(StateWriteQueue.name, () => {
  let dir: ReturnType<typeof tempDir>;
  let logger: MemoryLogger;

  beforeEach(() => {
    dir = tempDir();
    logger = new MemoryLogger();
  });

  afterEach(() => dir.remove());

  it('writes the state off the caller, atomically, readable by the plain StateFile', async () => {
    const queue = new StateWriteQueue(logger);
    const file = new QueuedStateFile(join(dir.path, 'car-a'), queue);
    file.ensureFolder();
    file.save(state(40));
    expect(queue.pending).toBe(1);
    await queue.drain();
    expect(queue.pending).toBe(0);
    const loaded = new StateFile(file.folder).load();
    expect(loaded).toEqual({ kind: 'loaded', state: state(40) });
    expect(readdirSync(file.folder)).toEqual(['state.json']); // no temp file left
  });

  it('keeps only the newest queued state of a file and writes it after the running write', async () => {
    const queue = new StateWriteQueue(logger, 1);
    const a = new QueuedStateFile(join(dir.path, 'car-a'), queue);
    const b = new QueuedStateFile(join(dir.path, 'car-b'), queue);
    a.ensureFolder();
    b.ensureFolder();
    a.save(state(1)); // starts at once
    b.save(state(2)); // waits for the one slot
    a.save(state(3)); // waits: car-a is being written
    a.save(state(4)); // replaces 3
    expect(queue.pending).toBe(3);
    await queue.drain();
    expect(JSON.parse(readFileSync(a.path, 'utf8')).vehicle.batteryPct).toBe(4);
    expect(JSON.parse(readFileSync(b.path, 'utf8')).vehicle.batteryPct).toBe(2);
  });

  it('lets a car started again read the state its previous run has not written yet', async () => {
    const queue = new StateWriteQueue(logger);
    const first = new QueuedStateFile(join(dir.path, 'car-a'), queue);
    first.ensureFolder();
    first.save(state(70));
    const again = new QueuedStateFile(join(dir.path, 'car-a'), queue);
    expect(again.load()).toEqual({ kind: 'loaded', state: state(70) });
    await queue.drain();
    expect(again.load()).toEqual({ kind: 'loaded', state: state(70) });
  });

  it('logs a failed write and carries on', async () => {
    const queue = new StateWriteQueue(logger);
    const missing = new QueuedStateFile(join(dir.path, 'no-such-folder'), queue);
    const ok = new QueuedStateFile(join(dir.path, 'car-b'), queue);
    ok.ensureFolder();
    missing.save(state(5));
    ok.save(state(6));
    await queue.drain();
    expect(logger.messages('error')).toContain('saving the state failed');
    expect(ok.load()).toEqual({ kind: 'loaded', state: state(6) });
  });
});
