import { Global, Module } from '@nestjs/common';
import { CarsModule } from '../cars/cars.module';
import { FleetMetrics } from './fleet-metrics';
import { MetricsController } from './metrics.controller';
import { LoopDelayMonitor } from './loop-delay.monitor';
import { MetricsService } from './metrics.service';

/** Global so that every module can record into FleetMetrics without importing this module. */
@Global()
@Module({
  imports: [CarsModule],
  controllers: [MetricsController],
  providers: [FleetMetrics, MetricsService, LoopDelayMonitor],
  exports: [FleetMetrics],
})
export class MetricsModule {}
