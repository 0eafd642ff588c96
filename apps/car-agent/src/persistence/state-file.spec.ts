import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { desiredState, tempDir } from '../testing/factories';
import type { PersistedState } from './persisted-state';
import { StateFile } from './state-file';

const persisted = (overrides: Partial<PersistedState> = {}): PersistedState => ({
  version: 1,
  desiredState: desiredState('telematics'),
  vehicle: { state: 'driving', batteryPct: 42.5 },
  savedAt: '2026-03-01T10:00:00.000Z',
  ...overrides,
});

describe(StateFile.name, () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.remove());

  it('creates its folder, including missing parents', () => {
    const file = new StateFile(join(dir.path, 'a', 'b'));
    file.ensureFolder();
    expect(existsSync(join(dir.path, 'a', 'b'))).toBe(true);
  });

  it('reports a missing file as absent', () => {
    expect(new StateFile(dir.path).load()).toEqual({ kind: 'absent' });
  });

  it('loads what it saved, leaving no temporary file behind', () => {
    const file = new StateFile(dir.path);
    file.save(persisted());
    file.save(persisted({ vehicle: { state: 'parked', batteryPct: 43 } }));
    expect(file.load()).toEqual({ kind: 'loaded', state: persisted({ vehicle: { state: 'parked', batteryPct: 43 } }) });
    expect(readdirSync(dir.path)).toEqual(['state.json']);
  });

  it.each([
    ['broken JSON', '{"version": 1,'],
    ['a foreign shape', '{"version": 1, "desiredState": []}'],
    ['a newer version', JSON.stringify({ ...persisted(), version: 2 })],
  ])('reports %s as corrupt', (_what, text) => {
    writeFileSync(join(dir.path, 'state.json'), text);
    expect(new StateFile(dir.path).load()).toMatchObject({ kind: 'corrupt' });
  });
});
