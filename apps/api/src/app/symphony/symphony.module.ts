import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { CampaignsService } from './campaigns.service';
import { InstancesService } from './instances.service';
import { CoaResponsesController } from './provider/coa-responses.controller';
import { MqttTargetProvider } from './provider/mqtt-target-provider';
import { ReconcileTracker } from './reconcile-tracker';
import { Reconciler } from './reconcile/reconciler';
import { TimeoutConfirmer } from './reconcile/timeout-confirmer';
import { ActivationsController } from './rest/activations.controller';
import { CampaignVersionsController } from './rest/campaign-versions.controller';
import { CampaignsController } from './rest/campaigns.controller';
import { SolutionVersionsController } from './rest/solution-versions.controller';
import { SolutionsController } from './rest/solutions.controller';
import {
  SolutionSummaryController,
  SummaryController,
} from './rest/summary.controller';
import { TargetsController } from './rest/targets.controller';
import { SolutionsService } from './solutions.service';
import { SummariesService } from './summaries.service';
import { SymphonyConfigReader } from './symphony-config.reader';
import { SymphonySeeder } from './symphony-seeder.service';
import { SymphonyStore } from './symphony-store';
import { SymphonyTargetsService } from './symphony-targets.service';
import { TargetsRegistryService } from './targets-registry.service';

@Module({
  controllers: [
    ActivationsController,
    CampaignVersionsController,
    CampaignsController,
    CoaResponsesController,
    SolutionSummaryController,
    SolutionVersionsController,
    SolutionsController,
    SummaryController,
    TargetsController,
  ],
  exports: [
    CampaignsService,
    InstancesService,
    MqttTargetProvider,
    ReconcileTracker,
    Reconciler,
    SolutionsService,
    SummariesService,
    SymphonyTargetsService,
    TargetsRegistryService,
    TimeoutConfirmer,
  ],
  imports: [DatabaseModule],
  providers: [
    CampaignsService,
    InstancesService,
    MqttTargetProvider,
    ReconcileTracker,
    Reconciler,
    SolutionsService,
    SummariesService,
    SymphonyConfigReader,
    SymphonySeeder,
    SymphonyStore,
    SymphonyTargetsService,
    TargetsRegistryService,
    TimeoutConfirmer,
  ],
})
export class SymphonyModule {}
