import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { SymphonyInstance } from '@fleet/shared/contracts';
import { SYMPHONY_REST_PREFIX } from '../../bootstrap/configure-http';
import { InstancesService } from '../instances.service';
import { objectFromBody } from '../object-body';

/** Symphony `instances`: a SolutionVersion bound to targets (one per car: `fleet-car-<id>`). */
@ApiTags('symphony')
@Controller(`${SYMPHONY_REST_PREFIX}/instances`)
export class InstancesController {
  constructor(private readonly instances: InstancesService) {}

  @Get()
  listInstances(): Promise<SymphonyInstance[]> {
    return this.instances.list();
  }

  @Get(':name')
  getInstance(@Param('name') name: string): Promise<SymphonyInstance> {
    return this.instances.get(name);
  }

  /** Stores the instance (400 when its solution or target does not exist). Deploying is /api/cars/:id/update's job. */
  @Post(':name')
  @HttpCode(HttpStatus.OK)
  async upsertInstance(
    @Param('name') name: string,
    @Body() body: unknown,
  ): Promise<void> {
    await this.instances.upsert(objectFromBody<SymphonyInstance>(name, body));
  }

  /** Deletes the instance and its summary (409 while it is being deployed). */
  @Delete(':name')
  deleteInstance(@Param('name') name: string): Promise<void> {
    return this.instances.delete(name);
  }
}
