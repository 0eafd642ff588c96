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
import type { SymphonyTarget } from '@fleet/shared/contracts';
import { SYMPHONY_REST_PREFIX } from '../../bootstrap/configure-http';
import { objectFromBody } from '../object-body';
import { TargetsRegistryService } from '../targets-registry.service';

/** Symphony `targets/registry`: one Target per car (`car-<id>`), plus any registered here. */
@ApiTags('symphony')
@Controller(`${SYMPHONY_REST_PREFIX}/targets/registry`)
export class TargetsController {
  constructor(private readonly targets: TargetsRegistryService) {}

  @Get()
  listTargets(): Promise<SymphonyTarget[]> {
    return this.targets.list();
  }

  @Get(':name')
  getTarget(@Param('name') name: string): Promise<SymphonyTarget> {
    return this.targets.get(name);
  }

  @Post(':name')
  @HttpCode(HttpStatus.OK)
  async upsertTarget(
    @Param('name') name: string,
    @Body() body: unknown,
  ): Promise<void> {
    await this.targets.upsert(objectFromBody<SymphonyTarget>(name, body));
  }

  @Delete(':name')
  deleteTarget(@Param('name') name: string): Promise<void> {
    return this.targets.delete(name);
  }
}
