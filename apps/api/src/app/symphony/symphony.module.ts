import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { SymphonyTargetsService } from './symphony-targets.service';

@Module({
  exports: [SymphonyTargetsService],
  imports: [DatabaseModule],
  providers: [SymphonyTargetsService],
})
export class SymphonyModule {}
