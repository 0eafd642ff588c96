import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { SymphonyInstance } from '@fleet/shared/contracts';
import { SYMPHONY_REST_PREFIX } from '../../bootstrap/configure-http';
import { InstancesService } from '../instances.service';
import { symphonyObjectRoutes } from './symphony-object-routes';

/** Symphony `instances`: a SolutionVersion bound to targets (one per car: `fleet-car-<id>`). */
@ApiTags('symphony')
@Controller(`${SYMPHONY_REST_PREFIX}/instances`)
export class InstancesController extends symphonyObjectRoutes<
  InstancesService,
  SymphonyInstance
>({
  singular: 'Instance',
  plural: 'Instances',
  service: InstancesService,
  ops: (instances) => instances,
  summaries: {
    upsert:
      "Stores the instance (400 when its solution or target does not exist). Deploying is /api/cars/:id/update's job.",
    delete:
      'Deletes the instance and its summary (409 while it is being deployed).',
  },
}) {}
