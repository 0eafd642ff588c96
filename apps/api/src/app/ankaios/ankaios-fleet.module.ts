import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { CarsModule } from '../cars/cars.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { AnkaiosReportsController } from './ankaios-reports.controller';
import { CarWorkloadsController } from './car-workloads/car-workloads.controller';
import { CarWorkloadsService } from './car-workloads/car-workloads.service';
import { manifestBodyParser } from './car-workloads/manifest-body-parser';
import { ManifestsService } from './car-workloads/manifests.service';
import { DuplicateAgents } from './duplicate-agents';
import { FleetConnectorClient } from './fleet-connector/fleet-connector.client';
import { FleetStateController } from './fleet-state/fleet-state.controller';
import { FleetStateMirror } from './fleet-state/fleet-state.mirror';
import { FleetStateService } from './fleet-state/fleet-state.service';
import { StatePoller } from './fleet-state/state-poller';

/**
 * The fleet as Ankaios sees it: the CompleteState mirror and its polling, the fleet-connector client, and
 * the car-scoped workload, manifest and log routes. (AnkaiosModule holds the agent supervisor, which the cars
 * module needs; this module needs the cars module, hence two modules.)
 */
@Module({
  controllers: [
    AnkaiosReportsController,
    CarWorkloadsController,
    FleetStateController,
  ],
  exports: [FleetStateMirror],
  imports: [CarsModule, RealtimeModule],
  providers: [
    CarWorkloadsService,
    DuplicateAgents,
    FleetConnectorClient,
    FleetStateMirror,
    FleetStateService,
    ManifestsService,
    StatePoller,
  ],
})
export class AnkaiosFleetModule implements NestModule {
  /** Manifests may come as YAML text; only these routes read text bodies. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(manifestBodyParser()).forRoutes(CarWorkloadsController);
  }
}
