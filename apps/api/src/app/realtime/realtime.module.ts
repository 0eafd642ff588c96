import { Module } from '@nestjs/common';
import { CarsModule } from '../cars/cars.module';
import { CarLogsController } from './car-logs.controller';
import { CarLogsService } from './car-logs.service';
import { ClusterRelay } from './cluster-relay';
import { RealtimeBroadcaster } from './realtime-broadcaster';
import { RealtimeGateway } from './realtime.gateway';

@Module({
  controllers: [CarLogsController],
  exports: [CarLogsService, RealtimeGateway],
  imports: [CarsModule],
  providers: [
    CarLogsService,
    ClusterRelay,
    RealtimeBroadcaster,
    RealtimeGateway,
  ],
})
export class RealtimeModule {}
