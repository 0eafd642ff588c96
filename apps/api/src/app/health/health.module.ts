import { Module } from '@nestjs/common';
import { AnkaiosModule } from '../ankaios/ankaios.module';
import { DatabaseModule } from '../database/database.module';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

@Module({
  controllers: [HealthController],
  imports: [AnkaiosModule, DatabaseModule],
  providers: [HealthService],
})
export class HealthModule {}
