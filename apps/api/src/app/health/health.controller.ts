import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/decorators';
import { HealthService, ReplicaHealthReport } from './health.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** Broker, database and agent supervisor; 503 while the API is not ready. */
  @Get()
  @Public()
  async getHealth(
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReplicaHealthReport> {
    const report = await this.health.report();
    res.status(report.ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }
}
