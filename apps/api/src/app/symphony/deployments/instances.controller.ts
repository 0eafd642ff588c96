import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { SymphonyInstance } from '@fleet/shared/contracts';
import { SYMPHONY_REST_PREFIX } from '../../bootstrap/configure-http';
import { Actor } from '../../updates/actor.decorator';
import { InstancesService } from '../instances.service';
import { objectFromBody } from '../object-body';
import { DefaultNamespaceGuard } from '../rest/default-namespace.guard';
import { SymphonyErrorFilter } from '../rest/symphony-error.filter';
import { InstanceDeployments } from './instance-deployments.service';
import { InstanceRemoval } from './instance-removal.service';

/** Symphony `instances`: a SolutionVersion bound to targets (one per car `fleet-car-<id>`, or by selector). */
@ApiTags('symphony')
@UseFilters(SymphonyErrorFilter)
@UseGuards(DefaultNamespaceGuard)
@Controller(`${SYMPHONY_REST_PREFIX}/instances`)
export class InstancesController {
  constructor(
    private readonly instances: InstancesService,
    private readonly deployments: InstanceDeployments,
    private readonly removal: InstanceRemoval,
  ) {}

  @Get()
  listInstances(): Promise<SymphonyInstance[]> {
    return this.instances.list();
  }

  @Get(':name')
  getInstance(@Param('name') name: string): Promise<SymphonyInstance> {
    return this.instances.get(name);
  }

  /**
   * Stores the instance and, when new or changed, deploys it to each of its targets as /api/cars/:id/update
   * does (200, empty body). 400 invalid; 409/422 when the one car it names may not take it now.
   */
  @ApiOperation({
    summary:
      'Stores the instance and deploys a new or changed spec to its targets (name or selector).',
  })
  @Post(':name')
  @HttpCode(HttpStatus.OK)
  async upsertInstance(
    @Param('name') name: string,
    @Body() body: unknown,
    @Actor() actor: string,
  ): Promise<void> {
    await this.deployments.upsert(
      objectFromBody<SymphonyInstance>(name, body),
      actor,
    );
  }

  /** Sends a COA DELETE to each target, records the removal summary, deletes the instance; 404 unknown. */
  @ApiOperation({
    summary:
      'Removes the instance from its targets (COA DELETE), keeps the removal summary, deletes it.',
  })
  @Delete(':name')
  async deleteInstance(@Param('name') name: string): Promise<void> {
    await this.removal.remove(name);
  }
}
