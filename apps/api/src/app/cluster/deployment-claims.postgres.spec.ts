import { DataSource } from 'typeorm';
import { deploymentClaimsCases } from '../../testing/cluster/deployment-claims-cases';
import { POSTGRES_MIGRATIONS } from '../database/migrations/postgres';
import { createScratchDatabase } from '../database/scratch-postgres';
import type { ScratchDatabase } from '../database/scratch-postgres';
import { ENTITIES } from '../database/entities';
import { DeploymentClaims } from './deployment-claims';

/**
 * Against the PostgreSQL server of DATABASE_URL, a scratch database per test made by the migrations. Left out
 * unless DATABASE_URL is set (jest.config.cts); `npm run test:services` runs it.
 */
const server = process.env['DATABASE_URL'] ?? '';

describe(`${DeploymentClaims.name} (PostgreSQL)`, () => {
  let scratch: ScratchDatabase | undefined;
  const sources: DataSource[] = [];

  async function connection(url: string): Promise<DataSource> {
    const source = new DataSource({
      type: 'postgres',
      url,
      entities: ENTITIES,
      migrations: POSTGRES_MIGRATIONS,
    });
    await source.initialize();
    sources.push(source);
    return source;
  }

  afterEach(async () => {
    for (const s of sources.splice(0)) await s.destroy();
    await scratch?.dispose();
    scratch = undefined;
  });

  deploymentClaimsCases(async () => {
    scratch = await createScratchDatabase(server, 'fleet_claims');
    const a = await connection(scratch.url);
    await a.runMigrations();
    return { a, b: await connection(scratch.url) };
  });
});
