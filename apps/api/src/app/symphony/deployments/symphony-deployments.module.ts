import { Module } from '@nestjs/common';
import { CarsModule } from '../../cars/cars.module';
import { UpdatesModule } from '../../updates/updates.module';
import { SymphonyModule } from '../symphony.module';
import { HistoryCorrections } from './history-corrections.service';
import { InstanceDeployments } from './instance-deployments.service';
import { InstanceRemoval } from './instance-removal.service';
import { InstancesController } from './instances.controller';

/**
 * Symphony's `instances` routes, which deploy: above the update path (cars, history, runner) that the
 * Symphony core below it must not depend on.
 */
@Module({
  controllers: [InstancesController],
  imports: [CarsModule, SymphonyModule, UpdatesModule],
  providers: [HistoryCorrections, InstanceDeployments, InstanceRemoval],
})
export class SymphonyDeploymentsModule {}
