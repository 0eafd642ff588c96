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
import type { SymphonyCampaign } from '@fleet/shared/contracts';
import { SYMPHONY_REST_PREFIX } from '../../bootstrap/configure-http';
import { CampaignsService } from '../campaigns.service';
import { objectFromBody } from '../object-body';

/** Symphony `campaigns`: the Campaign containers. */
@ApiTags('symphony')
@Controller(`${SYMPHONY_REST_PREFIX}/campaigns`)
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Get()
  listCampaigns(): Promise<SymphonyCampaign[]> {
    return this.campaigns.listCampaigns();
  }

  @Get(':name')
  getCampaign(@Param('name') name: string): Promise<SymphonyCampaign> {
    return this.campaigns.getCampaign(name);
  }

  @Post(':name')
  @HttpCode(HttpStatus.OK)
  async upsertCampaign(
    @Param('name') name: string,
    @Body() body: unknown,
  ): Promise<void> {
    await this.campaigns.upsertCampaign(
      objectFromBody<SymphonyCampaign>(name, body),
    );
  }

  /** 409 while versions of it exist. */
  @Delete(':name')
  deleteCampaign(@Param('name') name: string): Promise<void> {
    return this.campaigns.deleteCampaign(name);
  }
}
