import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { SymphonyTarget } from '@fleet/shared/contracts';
import { SYMPHONY_REST_PREFIX } from '../../bootstrap/configure-http';
import { TargetsRegistryService } from '../targets-registry.service';
import { symphonyObjectRoutes } from './symphony-object-routes';

/** Symphony `targets/registry`: one Target per car (`car-<id>`), plus any registered here. */
@ApiTags('symphony')
@Controller(`${SYMPHONY_REST_PREFIX}/targets/registry`)
export class TargetsController extends symphonyObjectRoutes<
  TargetsRegistryService,
  SymphonyTarget
>({
  singular: 'Target',
  plural: 'Targets',
  service: TargetsRegistryService,
  ops: (targets) => targets,
}) {}
