import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CarsModule } from '../cars/cars.module';
import { DatabaseModule } from '../database/database.module';
import { SymphonyModule } from '../symphony/symphony.module';
import { BulkUpdatesService } from './bulk-updates.service';
import { CarUpdatesController } from './car-updates.controller';
import { UpdateHistoryEntity } from './update-history.entity';
import { UpdateHistoryRepository } from './update-history.repository';
import { UpdateResumer } from './update-resumer.service';
import { UpdateRunner } from './update-runner';
import { UpdatesService } from './updates.service';
import { VersionsController } from './versions/versions.controller';
import { VersionsService } from './versions/versions.service';

/** The update store (`/api/versions`) and car updates, rollbacks and their history, all through Symphony. */
@Module({
  controllers: [CarUpdatesController, VersionsController],
  exports: [
    UpdateHistoryRepository,
    UpdateRunner,
    UpdatesService,
    VersionsService,
  ],
  imports: [
    CarsModule,
    DatabaseModule,
    SymphonyModule,
    TypeOrmModule.forFeature([UpdateHistoryEntity]),
  ],
  providers: [
    BulkUpdatesService,
    UpdateHistoryRepository,
    UpdateResumer,
    UpdateRunner,
    UpdatesService,
    VersionsService,
  ],
})
export class UpdatesModule {}
