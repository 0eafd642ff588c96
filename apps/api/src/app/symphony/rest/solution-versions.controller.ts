import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { SymphonySolutionVersion } from '@fleet/shared/contracts';
import { SYMPHONY_REST_PREFIX } from '../../bootstrap/configure-http';
import { SolutionsService } from '../solutions.service';
import { symphonyObjectRoutes } from './symphony-object-routes';

/** Symphony `solutionversions`: `<root>-v-<version>` objects with the components a target runs. */
@ApiTags('symphony')
@Controller(`${SYMPHONY_REST_PREFIX}/solutionversions`)
export class SolutionVersionsController extends symphonyObjectRoutes<
  SolutionsService,
  SymphonySolutionVersion
>({
  singular: 'SolutionVersion',
  plural: 'SolutionVersions',
  service: SolutionsService,
  ops: (solutions) => ({
    list: () => solutions.listVersions(),
    get: (name) => solutions.getVersion(name),
    upsert: (version) => solutions.upsertVersion(version),
    delete: (name) => solutions.deleteVersion(name),
  }),
  summaries: {
    upsert:
      "Creates or updates a version (400 with Symphony's messages when invalid).",
    delete: '409 while an Instance uses the version.',
  },
}) {}
