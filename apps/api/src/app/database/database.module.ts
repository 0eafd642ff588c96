import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Module } from '@nestjs/common';
import { TypeOrmModule, TypeOrmModuleOptions } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { initializeWithSchemaLock } from '../cluster/schema-lock';
import { AppConfigService } from '../config/app-config.service';
import { CarsRepository } from './cars.repository';
import { DatabaseProbe } from './database-probe';
import { ENTITIES } from './entities';
import { MetaRepository } from './meta.repository';
import { SymphonyObjectsRepository } from './symphony-objects.repository';

function typeOrmOptions(config: AppConfigService): TypeOrmModuleOptions {
  const database = config.get('database');
  // `synchronize` creates and alters tables from the entities; migrations replace it before the schema must be kept.
  const common = {
    entities: ENTITIES,
    synchronize: true,
    retryAttempts: 3,
    retryDelay: 1000,
  } as const;
  if (database.type === 'postgres')
    return { ...common, type: 'postgres', url: database.url };
  mkdirSync(dirname(database.path), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: database.path,
    enableWAL: true,
  };
}

@Module({
  exports: [
    CarsRepository,
    DatabaseProbe,
    MetaRepository,
    SymphonyObjectsRepository,
  ],
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfigService],
      useFactory: typeOrmOptions,
      // Replicas starting together create the schema one after the other (a PostgreSQL advisory lock).
      dataSourceFactory: async (options?: DataSourceOptions) =>
        initializeWithSchemaLock(new DataSource(options as DataSourceOptions)),
    }),
    TypeOrmModule.forFeature(ENTITIES),
  ],
  providers: [
    CarsRepository,
    DatabaseProbe,
    MetaRepository,
    SymphonyObjectsRepository,
  ],
})
export class DatabaseModule {}
