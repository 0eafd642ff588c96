import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { FleetMetrics } from './fleet-metrics';

/**
 * Counts every message an MQTT handler receives. Put on each `@EventPattern` controller with `@UseInterceptors`:
 * app-wide interceptors do not reach the MQTT transport of this hybrid app.
 */
@Injectable()
export class MqttInMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: FleetMetrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'rpc') this.metrics.mqttMessages.inc({ direction: 'in' });
    return next.handle();
  }
}
