import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { SymphonyActivation } from '@fleet/shared/contracts';
import { SYMPHONY_REST_PREFIX } from '../../bootstrap/configure-http';
import { CampaignsService } from '../campaigns.service';
import { symphonyObjectRoutes } from './symphony-object-routes';

/** Symphony `activations/registry`: runs of a CampaignVersion (stored; the rollout engine runs them). */
@ApiTags('symphony')
@Controller(`${SYMPHONY_REST_PREFIX}/activations/registry`)
export class ActivationsController extends symphonyObjectRoutes<
  CampaignsService,
  SymphonyActivation
>({
  singular: 'Activation',
  plural: 'Activations',
  service: CampaignsService,
  ops: (campaigns) => ({
    list: () => campaigns.listActivations(),
    get: (name) => campaigns.getActivation(name),
    upsert: (activation) => campaigns.upsertActivation(activation),
    delete: (name) => campaigns.deleteActivation(name),
  }),
}) {}
