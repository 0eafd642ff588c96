import { Controller, Get, Header } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PROMETHEUS_CONTENT_TYPE } from './prometheus-text';
import { MetricsService } from './metrics.service';

/** `GET /metrics` (outside `/api`), Prometheus text format; needs a viewer's JWT or API key like every GET. */
@ApiTags('metrics')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Header('content-type', PROMETHEUS_CONTENT_TYPE)
  @Header('cache-control', 'no-store')
  scrape(): string {
    return this.metrics.render();
  }
}
