import { Module } from '@nestjs/common';
import { AnkaiosModule } from '../ankaios/ankaios.module';
import { DatabaseModule } from '../database/database.module';
import { SymphonyModule } from '../symphony/symphony.module';
import { CarCommandsService } from './car-commands.service';
import { CarRegistry } from './car-registry';
import { CarReportsController } from './car-reports.controller';
import { CarReportsService } from './car-reports.service';
import { CarStatusRefresh } from './car-status-refresh';
import { CarsController } from './cars.controller';
import { CarsService } from './cars.service';
import { FleetStartup } from './fleet-startup.service';

@Module({
  controllers: [CarReportsController, CarsController],
  exports: [CarRegistry],
  imports: [AnkaiosModule, DatabaseModule, SymphonyModule],
  providers: [
    CarCommandsService,
    CarRegistry,
    CarReportsService,
    CarStatusRefresh,
    CarsService,
    FleetStartup,
  ],
})
export class CarsModule {}
