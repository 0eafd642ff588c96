import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeSchemaMigrations } from '../../testing/schema-migration-cases';

describeSchemaMigrations('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-schema-'));
  return {
    config: { type: 'sqlite', path: join(dir, 'fleet.sqlite') },
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
