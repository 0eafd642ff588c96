import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { deploymentClaimsCases } from '../../testing/cluster/deployment-claims-cases';
import { SQLITE_MIGRATIONS } from '../database/migrations/sqlite';
import { ENTITIES } from '../database/entities';
import { DeploymentClaims } from './deployment-claims';

/** Two connections to one SQLite file made by the migrations, as two processes would have. */
describe(`${DeploymentClaims.name} (SQLite)`, () => {
  let dir: string;
  const sources: DataSource[] = [];

  async function connection(): Promise<DataSource> {
    const source = new DataSource({
      type: 'better-sqlite3',
      database: join(dir, 'fleet.sqlite'),
      entities: ENTITIES,
      migrations: SQLITE_MIGRATIONS,
      enableWAL: true,
    });
    await source.initialize();
    sources.push(source);
    return source;
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'claims-'));
  });

  afterEach(async () => {
    for (const s of sources.splice(0)) await s.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  deploymentClaimsCases(async () => {
    const a = await connection();
    await a.runMigrations();
    return { a, b: await connection() };
  });
});
