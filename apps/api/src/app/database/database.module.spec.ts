import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import type { DataSourceOptions } from 'typeorm';
import { AppConfigService } from '../config/app-config.service';
import { appConfig } from '../../testing/factories';
import { typeOrmOptions } from './database.module';

describe('typeOrmOptions (PostgreSQL)', () => {
  it('opens the configured number of connections at most', () => {
    const options = typeOrmOptions(
      new AppConfigService(
        appConfig({
          database: { type: 'postgres', url: 'postgres://db/test', poolSize: 7 },
        }),
      ),
    );
    expect(options).toMatchObject({
      type: 'postgres',
      url: 'postgres://db/test',
      poolSize: 7,
    });
  });
});

describe('typeOrmOptions (SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-db-'));
  let source: DataSource;

  beforeAll(async () => {
    const config = new AppConfigService(
      appConfig({
        database: { type: 'sqlite', path: join(dir, 'fleet.sqlite') },
      }),
    );
    source = await new DataSource(
      typeOrmOptions(config) as DataSourceOptions,
    ).initialize();
  });

  afterAll(async () => {
    await source.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens the file in WAL mode with synchronous NORMAL (no fsync per commit), foreign keys on', async () => {
    expect(await source.query('PRAGMA journal_mode')).toEqual([
      { journal_mode: 'wal' },
    ]);
    expect(await source.query('PRAGMA synchronous')).toEqual([
      { synchronous: 1 },
    ]);
    expect(await source.query('PRAGMA foreign_keys')).toEqual([
      { foreign_keys: 1 },
    ]);
  });

  it('creates no table when it opens the database: the schema is left to the migrations (never synchronize)', async () => {
    const runner = source.createQueryRunner();
    try {
      expect(await runner.hasTable('cars')).toBe(false);
    } finally {
      await runner.release();
    }
    expect(source.options.synchronize).toBe(false);
    expect(source.migrations.length).toBeGreaterThan(0);
  });
});
