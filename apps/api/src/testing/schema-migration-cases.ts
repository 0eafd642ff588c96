import { Logger } from '@nestjs/common';
import { DataSource, DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../app/config/app-config';
import { AppConfigService } from '../app/config/app-config.service';
import { initializeWithSchemaLock } from '../app/cluster/schema-lock';
import { CarEntity } from '../app/database/car.entity';
import { typeOrmOptions } from '../app/database/database.module';
import { MetaEntity } from '../app/database/meta.entity';
import { migrateSchema } from '../app/database/migrate-schema';
import {
  MIGRATIONS_TABLE,
  schemaOptions,
} from '../app/database/schema-options';
import { appConfig, carEntity } from './factories';

const AT = '2026-01-01T00:00:00.000Z';

/** A database of its own per test: a new SQLite file or a new PostgreSQL database. */
export interface ScratchDatabase {
  config: DatabaseConfig;
  dispose(): Promise<void>;
}

/**
 * The schema cases every driver must pass, against a real database: the migrations make exactly the entities'
 * schema, a database made by the old `synchronize` is baselined with its rows, and a second start changes nothing.
 */
export function describeSchemaMigrations(
  driverName: string,
  scratchDatabase: () => Promise<ScratchDatabase>,
): void {
  describe(`${migrateSchema.name} (${driverName})`, () => {
    let scratch: ScratchDatabase;
    const open: DataSource[] = [];

    const options = () =>
      typeOrmOptions(
        new AppConfigService(appConfig({ database: scratch.config })),
      ) as DataSourceOptions;

    /** As the API starts: initialized, then migrated (under the schema lock on PostgreSQL). */
    async function start(): Promise<DataSource> {
      const dataSource = new DataSource(options());
      open.push(dataSource);
      return initializeWithSchemaLock(dataSource, migrateSchema);
    }

    /**
     * A database as the versions before migrations left it: the tables `synchronize` made, no migrations table.
     * The initial migration was generated from synchronize's statements at the switch, so its `up` alone makes
     * that database (also after later migrations changed the entities, when synchronize would make another one).
     */
    async function createTheOldWay(): Promise<DataSource> {
      const dataSource = new DataSource({
        ...options(),
        migrations: [],
      } as DataSourceOptions);
      open.push(dataSource);
      await dataSource.initialize();
      const [initial] = schemaOptions(scratch.config.type).migrations;
      const runner = dataSource.createQueryRunner();
      try {
        await new initial().up(runner);
      } finally {
        await runner.release();
      }
      return dataSource;
    }

    async function stop(dataSource: DataSource): Promise<void> {
      if (dataSource.isInitialized) await dataSource.destroy();
    }

    const pendingStatements = async (dataSource: DataSource) =>
      (await dataSource.driver.createSchemaBuilder().log()).upQueries.map(
        (q) => q.query,
      );

    const appliedMigrations = async (dataSource: DataSource) =>
      (
        (await dataSource.query(
          `SELECT "name" FROM "${MIGRATIONS_TABLE}" ORDER BY "id"`,
        )) as { name: string }[]
      ).map((row) => row.name);

    async function hasTable(dataSource: DataSource, table: string) {
      const runner = dataSource.createQueryRunner();
      try {
        return await runner.hasTable(table);
      } finally {
        await runner.release();
      }
    }

    const allMigrations = (dataSource: DataSource) =>
      dataSource.migrations.map((m) => m.name);

    beforeEach(async () => {
      scratch = await scratchDatabase();
    });

    afterEach(async () => {
      for (const dataSource of open.splice(0)) await stop(dataSource);
      await scratch.dispose();
    });

    it('on an empty database, the migrations make exactly the schema the entities define', async () => {
      const db = await start();

      expect(await pendingStatements(db)).toEqual([]);
      expect(await appliedMigrations(db)).toEqual(allMigrations(db));
      expect(allMigrations(db).length).toBeGreaterThan(0);
      for (const table of db.entityMetadatas.map((m) => m.tableName))
        expect(await hasTable(db, table)).toBe(true);
    });

    it('notices a schema that differs from the entities (an index dropped): warns at start, alters nothing', async () => {
      const db = await start();
      const index = db.getMetadata(CarEntity).indices[0].name;
      await db.query(`DROP INDEX "${index}"`);
      const warn = jest
        .spyOn(Logger.prototype, 'warn')
        .mockImplementation(() => undefined);

      await migrateSchema(db);

      expect(await pendingStatements(db)).toEqual([
        expect.stringContaining(`CREATE INDEX "${index}"`),
      ]);
      expect(warn).toHaveBeenCalledWith(
        expect.stringContaining(
          'the schema differs from the entities (1 statements, first: CREATE INDEX',
        ),
      );
      warn.mockRestore();
    });

    it('baselines a database made by synchronize: the initial migration is recorded, not run, and the rows stay', async () => {
      const old = await createTheOldWay();
      // Columns of the initial schema only: the entities may have more by now.
      await old.query(
        `INSERT INTO "cars" ("id", "region", "model", "desiredVehicleState", "lastKnownVersion", "createdAt", "updatedAt")
         VALUES ('kept-car', 'munich', 'sedan', 'parked', '1.2.3', '${AT}', '${AT}')`,
      );
      await old.query(
        `INSERT INTO "meta" ("key", "value") VALUES ('demo-fleet-seeded', 'yes')`,
      );
      expect(await hasTable(old, MIGRATIONS_TABLE)).toBe(false);
      await stop(old);

      const db = await start();

      expect(await appliedMigrations(db)).toEqual(allMigrations(db));
      expect(await pendingStatements(db)).toEqual([]);
      expect(
        (await db.getRepository(CarEntity).find()).map((c) => [
          c.id,
          c.region,
          c.lastKnownVersion,
        ]),
      ).toEqual([['kept-car', 'munich', '1.2.3']]);
      expect(
        await db
          .getRepository(MetaEntity)
          .findOneBy({ key: 'demo-fleet-seeded' }),
      ).toEqual({ key: 'demo-fleet-seeded', value: 'yes' });
    });

    it('a second start applies nothing and keeps the rows', async () => {
      const first = await start();
      await first.getRepository(CarEntity).insert(carEntity({ id: 'car-1' }));
      const applied = await appliedMigrations(first);
      await stop(first);

      const second = await start();

      expect(await appliedMigrations(second)).toEqual(applied);
      expect(await pendingStatements(second)).toEqual([]);
      expect(
        await second.getRepository(CarEntity).countBy({ id: 'car-1' }),
      ).toBe(1);
    });
  });
}
