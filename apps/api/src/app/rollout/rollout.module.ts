import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';

/** Staged rollouts; their scheduled jobs (start times, soak checks) run on @nestjs/schedule. */
@Module({
  imports: [ScheduleModule.forRoot()],
})
export class RolloutModule {}
