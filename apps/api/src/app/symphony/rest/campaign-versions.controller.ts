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
import type { SymphonyCampaignVersion } from '@fleet/shared/contracts';
import { SYMPHONY_REST_PREFIX } from '../../bootstrap/configure-http';
import { CampaignsService } from '../campaigns.service';
import { objectFromBody } from '../object-body';

/** Symphony `campaignversions`: the stages of a staged rollout, `<root>-v-<version>`. */
@ApiTags('symphony')
@Controller(`${SYMPHONY_REST_PREFIX}/campaignversions`)
export class CampaignVersionsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Get()
  listCampaignVersions(): Promise<SymphonyCampaignVersion[]> {
    return this.campaigns.listCampaignVersions();
  }

  @Get(':name')
  getCampaignVersion(
    @Param('name') name: string,
  ): Promise<SymphonyCampaignVersion> {
    return this.campaigns.getCampaignVersion(name);
  }

  @Post(':name')
  @HttpCode(HttpStatus.OK)
  async upsertCampaignVersion(
    @Param('name') name: string,
    @Body() body: unknown,
  ): Promise<void> {
    await this.campaigns.upsertCampaignVersion(
      objectFromBody<SymphonyCampaignVersion>(name, body),
    );
  }

  /** 409 while an Activation runs the version. */
  @Delete(':name')
  deleteCampaignVersion(@Param('name') name: string): Promise<void> {
    return this.campaigns.deleteCampaignVersion(name);
  }
}
