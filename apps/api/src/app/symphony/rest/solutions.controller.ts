import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { SymphonySolution } from '@fleet/shared/contracts';
import { SYMPHONY_REST_PREFIX } from '../../bootstrap/configure-http';
import { SolutionsService } from '../solutions.service';
import { symphonyObjectRoutes } from './symphony-object-routes';

/** Symphony `solutions`: the Solution containers (`fleet`). */
@ApiTags('symphony')
@Controller(`${SYMPHONY_REST_PREFIX}/solutions`)
export class SolutionsController extends symphonyObjectRoutes<
  SolutionsService,
  SymphonySolution
>({
  singular: 'Solution',
  plural: 'Solutions',
  service: SolutionsService,
  ops: (solutions) => ({
    list: () => solutions.listSolutions(),
    get: (name) => solutions.getSolution(name),
    upsert: (solution) => solutions.upsertSolution(solution),
    delete: (name) => solutions.deleteSolution(name),
  }),
  summaries: {
    list: 'Every Solution container.',
    upsert:
      'Creates or replaces a container (200, empty body, as Symphony answers).',
    delete: '409 while versions of it exist.',
  },
}) {}
