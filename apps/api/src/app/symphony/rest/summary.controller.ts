import { Controller, Get, Query, UseFilters, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { SummaryResult } from '@fleet/shared/contracts';
import { SYMPHONY_REST_PREFIX } from '../../bootstrap/configure-http';
import { SummariesService } from '../summaries.service';
import { DefaultNamespaceGuard } from './default-namespace.guard';
import {
  SymphonyErrorFilter,
  SymphonyResultError,
} from './symphony-error.filter';

/** Symphony `solutionversion/queue`: the latest deployment summary of an Instance. */
@ApiTags('symphony')
@UseFilters(SymphonyErrorFilter)
@UseGuards(DefaultNamespaceGuard)
@Controller(`${SYMPHONY_REST_PREFIX}/solutionversion`)
export class SummaryController {
  constructor(private readonly summaries: SummariesService) {}

  /** `?instance=<name>`: 400 without it, 404 before its first deployment. */
  @Get('queue')
  getDeploymentSummary(
    @Query('instance') instance?: string,
  ): Promise<SummaryResult> {
    if (!instance)
      throw new SymphonyResultError(400, 'instance parameter is not found');
    return this.summaries.get(instance);
  }
}

/** Symphony's `solution/queue` (the Solution vendor's older route to the same summary). */
@ApiTags('symphony')
@UseFilters(SymphonyErrorFilter)
@UseGuards(DefaultNamespaceGuard)
@Controller(`${SYMPHONY_REST_PREFIX}/solution`)
export class SolutionSummaryController {
  constructor(private readonly summaries: SummariesService) {}

  /** The same as `solutionversion/queue?instance=<name>`. */
  @Get('queue')
  getSolutionDeploymentSummary(
    @Query('instance') instance?: string,
  ): Promise<SummaryResult> {
    if (!instance)
      throw new SymphonyResultError(400, 'instance parameter is not found');
    return this.summaries.get(instance);
  }
}
