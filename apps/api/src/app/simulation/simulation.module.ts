import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { FaultRulesStore } from './fault-rules-store';
import { FaultRulesService } from './fault-rules.service';
import { SimulationController } from './simulation.controller';

/** Settings of the car simulation that the API owns: fault injection. */
@Module({
  controllers: [SimulationController],
  imports: [DatabaseModule],
  providers: [FaultRulesService, FaultRulesStore],
})
export class SimulationModule {}
