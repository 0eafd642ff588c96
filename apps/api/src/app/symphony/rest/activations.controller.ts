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
import type { SymphonyActivation } from '@fleet/shared/contracts';
import { SYMPHONY_REST_PREFIX } from '../../bootstrap/configure-http';
import { CampaignsService } from '../campaigns.service';
import { objectFromBody } from '../object-body';

/** Symphony `activations/registry`: runs of a CampaignVersion (stored; the rollout engine runs them). */
@ApiTags('symphony')
@Controller(`${SYMPHONY_REST_PREFIX}/activations/registry`)
export class ActivationsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Get()
  listActivations(): Promise<SymphonyActivation[]> {
    return this.campaigns.listActivations();
  }

  @Get(':name')
  getActivation(@Param('name') name: string): Promise<SymphonyActivation> {
    return this.campaigns.getActivation(name);
  }

  @Post(':name')
  @HttpCode(HttpStatus.OK)
  async upsertActivation(
    @Param('name') name: string,
    @Body() body: unknown,
  ): Promise<void> {
    await this.campaigns.upsertActivation(
      objectFromBody<SymphonyActivation>(name, body),
    );
  }

  @Delete(':name')
  deleteActivation(@Param('name') name: string): Promise<void> {
    return this.campaigns.deleteActivation(name);
  }
}
