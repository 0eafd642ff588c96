import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiProcess } from '@fleet/e2e/support';

describe('ApiProcess data folder', () => {
  it('deletes the data folder it made itself once the suite stops it', async () => {
    const api = new ApiProcess();
    writeFileSync(join(api.dataDir, 'fleet.sqlite'), 'rows');

    await api.stopWithAgents();

    expect(existsSync(api.dataDir)).toBe(false);
  });

  it("keeps a data folder the caller passed in (a restart on the same data, the caller's to delete)", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fleet-e2e-own-'));
    try {
      writeFileSync(join(dataDir, 'fleet.sqlite'), 'rows');
      const api = new ApiProcess({ dataDir });

      await api.stopWithAgents();

      expect(existsSync(join(dataDir, 'fleet.sqlite'))).toBe(true);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
