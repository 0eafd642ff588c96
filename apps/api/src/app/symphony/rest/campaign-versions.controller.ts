import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { SymphonyCampaignVersion } from '@fleet/shared/contracts';
import { SYMPHONY_REST_PREFIX } from '../../bootstrap/configure-http';
import { CampaignsService } from '../campaigns.service';
import { symphonyObjectRoutes } from './symphony-object-routes';

/** Symphony `campaignversions`: the stages of a staged rollout, `<root>-v-<version>`. */
@ApiTags('symphony')
@Controller(`${SYMPHONY_REST_PREFIX}/campaignversions`)
export class CampaignVersionsController extends symphonyObjectRoutes<
  CampaignsService,
  SymphonyCampaignVersion
>({
  singular: 'CampaignVersion',
  plural: 'CampaignVersions',
  service: CampaignsService,
  ops: (campaigns) => ({
    list: () => campaigns.listCampaignVersions(),
    get: (name) => campaigns.getCampaignVersion(name),
    upsert: (version) => campaigns.upsertCampaignVersion(version),
    delete: (name) => campaigns.deleteCampaignVersion(name),
  }),
  summaries: { delete: '409 while an Activation runs the version.' },
}) {}
