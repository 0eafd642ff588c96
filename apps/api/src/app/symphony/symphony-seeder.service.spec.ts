import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { SymphonySolutionVersion } from '@fleet/shared/contracts';
import { AppConfigService } from '../config/app-config.service';
import { appConfig } from '../../testing/factories';
import { SymphonyConfigReader } from './symphony-config.reader';
import { SymphonyKinds } from './symphony-kinds';
import { SymphonySeeder } from './symphony-seeder.service';
import { symphonyHarness } from '../../testing/symphony/symphony-harness';

const REPO_CONFIG = resolve(__dirname, '../../../../../symphony-config');

function setup(configDir: string) {
  const h = symphonyHarness();
  const config = new AppConfigService(
    appConfig({
      symphony: { configDir, timeoutSeconds: 180, concurrency: 256 },
    }),
  );
  return {
    ...h,
    seeder: new SymphonySeeder(new SymphonyConfigReader(), h.store, config),
  };
}

describe(SymphonySeeder.name, () => {
  it('seeds the fleet Solution and its versions from symphony-config/, once', async () => {
    const { seeder, store } = setup(REPO_CONFIG);

    const first = await seeder.seed();
    const second = await seeder.seed();

    expect(first.created).toEqual([
      'fleet',
      'fleet-v-1.2.3',
      'fleet-v-1.2.4',
      'fleet-v-1.3.0',
    ]);
    expect(second).toEqual({ created: [], kept: first.created });
    const version = await store.get(
      SymphonyKinds.solutionVersion,
      'fleet-v-1.3.0',
    );
    expect(version).toMatchObject({
      metadata: {
        objGeneraion: 1,
        annotations: { 'fleet.ota/compatible-models': 'sedan,suv' },
      },
      spec: { rootResource: 'fleet', version: '1.3.0' },
    });
  });

  it('another replica seeding at the same moment: its write wins, ours is not an error', async () => {
    const { seeder, store } = setup(REPO_CONFIG);
    const put = store.put.bind(store);
    // The other replica's insert lands between our check and our write.
    jest
      .spyOn(store, 'put')
      .mockImplementation(async (...args: Parameters<typeof store.put>) => {
        await put(...args);
        throw new Error('duplicate key value violates unique constraint');
      });

    const report = await seeder.seed();

    expect(report.created).toEqual([]);
    expect(report.kept).toEqual([
      'fleet',
      'fleet-v-1.2.3',
      'fleet-v-1.2.4',
      'fleet-v-1.3.0',
    ]);
    jest.restoreAllMocks();
  });

  it('a failed write of an object nobody stored is still an error', async () => {
    const { seeder, store } = setup(REPO_CONFIG);
    jest.spyOn(store, 'put').mockRejectedValue(new Error('database down'));

    await expect(seeder.seed()).rejects.toThrow('database down');
    jest.restoreAllMocks();
  });

  it('keeps a version changed since it was seeded', async () => {
    const { seeder, store } = setup(REPO_CONFIG);
    await seeder.seed();
    const stored = await store.get<SymphonySolutionVersion>(
      SymphonyKinds.solutionVersion,
      'fleet-v-1.2.4',
    );
    if (!stored) throw new Error('fleet-v-1.2.4 was not seeded');
    await store.put(SymphonyKinds.solutionVersion, {
      ...stored,
      spec: { ...stored.spec, displayName: 'renamed' },
    });

    await seeder.seed();

    expect(
      await store.get(SymphonyKinds.solutionVersion, 'fleet-v-1.2.4'),
    ).toMatchObject({ spec: { displayName: 'renamed' } });
  });

  it('seeds nothing from an invalid or missing folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'symphony-config-'));
    try {
      mkdirSync(join(dir, 'solutionversions'));
      writeFileSync(
        join(dir, 'solution.json'),
        JSON.stringify({ metadata: { name: 'fleet' }, spec: {} }),
      );
      writeFileSync(
        join(dir, 'solutionversions', 'bad.json'),
        JSON.stringify({
          metadata: { name: 'fleet-1.0' },
          spec: { rootResource: 'fleet', version: '1.0' },
        }),
      );
      const invalid = setup(dir);
      const missing = setup(join(dir, 'nope'));

      expect(await invalid.seeder.seed()).toEqual({ created: [], kept: [] });
      expect(await missing.seeder.seed()).toEqual({ created: [], kept: [] });
      expect(invalid.objects.rows.size).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
