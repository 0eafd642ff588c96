import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { CarsModule } from '../cars/cars.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { SymphonyModule } from '../symphony/symphony.module';
import { UpdatesModule } from '../updates/updates.module';
import { RegistryFleetView } from './adapters/registry-fleet-view';
import { UpdatesDispatcher } from './adapters/updates-dispatcher';
import { TypeOrmRolloutRepository } from './persistence/typeorm-rollout.repository';
import { RolloutProgressPublisher } from './rollout-progress.publisher';
import { RolloutStartScheduler } from './rollout-start.scheduler';
import { RolloutsController } from './rollouts.controller';
import { RolloutsService } from './rollouts.service';
import { StagedRolloutController } from './staged-rollout.controller';
import { RolloutCampaignMirror } from './symphony/campaign-mirror';
import { rolloutClockProvider } from './test-clock/rollout-clock';
import { TestClockController } from './test-clock/test-clock.controller';

/** Staged rollouts (`/api/rollouts`, `POST /api/cars/staged-rollout`); scheduled starts run on @nestjs/schedule; the rollouts' clock is settable in tests (FLEET_TEST_CLOCK=1). */
@Module({
  controllers: [
    RolloutsController,
    StagedRolloutController,
    TestClockController,
  ],
  imports: [
    CarsModule,
    RealtimeModule,
    ScheduleModule.forRoot(),
    SymphonyModule,
    UpdatesModule,
  ],
  providers: [
    RegistryFleetView,
    rolloutClockProvider,
    RolloutCampaignMirror,
    RolloutProgressPublisher,
    RolloutStartScheduler,
    RolloutsService,
    TypeOrmRolloutRepository,
    UpdatesDispatcher,
  ],
})
export class RolloutModule {}
