import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { SymphonyCampaign } from '@fleet/shared/contracts';
import { SYMPHONY_REST_PREFIX } from '../../bootstrap/configure-http';
import { CampaignsService } from '../campaigns.service';
import { symphonyObjectRoutes } from './symphony-object-routes';

/** Symphony `campaigns`: the Campaign containers. */
@ApiTags('symphony')
@Controller(`${SYMPHONY_REST_PREFIX}/campaigns`)
export class CampaignsController extends symphonyObjectRoutes<
  CampaignsService,
  SymphonyCampaign
>({
  singular: 'Campaign',
  plural: 'Campaigns',
  service: CampaignsService,
  ops: (campaigns) => ({
    list: () => campaigns.listCampaigns(),
    get: (name) => campaigns.getCampaign(name),
    upsert: (campaign) => campaigns.upsertCampaign(campaign),
    delete: (name) => campaigns.deleteCampaign(name),
  }),
  summaries: { delete: '409 while versions of it exist.' },
}) {}
