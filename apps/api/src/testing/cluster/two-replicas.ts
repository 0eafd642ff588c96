import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { DeploymentClaims } from '../../app/cluster/deployment-claims';
import { ReplicaRowStore } from '../../app/cluster/replica-presence';
import { ENTITIES } from '../../app/database/entities';
import { SQLITE_MIGRATIONS } from '../../app/database/migrations/sqlite';

/**
 * This replica (`replica-a`) and another one (`replica-b`), each with its own connection to one SQLite file made
 * by the migrations, as two processes would share a database; both alive. `dispose` closes and removes it all.
 */
export async function twoReplicas() {
  const dir = mkdtempSync(join(tmpdir(), 'replicas-'));
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
  const a = await connection();
  await a.runMigrations();
  const b = await connection();
  for (const [source, id] of [
    [a, 'replica-a'],
    [b, 'replica-b'],
  ] as const)
    await new ReplicaRowStore(source).beat(id, Date.now() + 60_000);
  return {
    a,
    b,
    mine: new DeploymentClaims(a, 'replica-a'),
    other: new DeploymentClaims(b, 'replica-b'),
    claims: () =>
      a.query(
        'SELECT car_id, holder, job_id FROM deployment_claims',
      ) as Promise<{ car_id: string; holder: string; job_id: string }[]>,
    async dispose(): Promise<void> {
      for (const s of sources.splice(0)) if (s.isInitialized) await s.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
