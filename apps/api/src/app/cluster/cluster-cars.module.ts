import { Module } from '@nestjs/common';
import { AnkaiosModule } from '../ankaios/ankaios.module';
import { CarsModule } from '../cars/cars.module';
import { CarDirectorySync } from './car-directory.sync';

/** The cluster's part that needs the cars (kept apart from the global ClusterModule, which the cars use). */
@Module({
  imports: [AnkaiosModule, CarsModule],
  providers: [CarDirectorySync],
})
export class ClusterCarsModule {}
