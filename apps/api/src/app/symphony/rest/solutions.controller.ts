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
import type { SymphonySolution } from '@fleet/shared/contracts';
import { SYMPHONY_REST_PREFIX } from '../../bootstrap/configure-http';
import { objectFromBody } from '../object-body';
import { SolutionsService } from '../solutions.service';

/** Symphony `solutions`: the Solution containers (`fleet`). */
@ApiTags('symphony')
@Controller(`${SYMPHONY_REST_PREFIX}/solutions`)
export class SolutionsController {
  constructor(private readonly solutions: SolutionsService) {}

  /** Every Solution container. */
  @Get()
  listSolutions(): Promise<SymphonySolution[]> {
    return this.solutions.listSolutions();
  }

  @Get(':name')
  getSolution(@Param('name') name: string): Promise<SymphonySolution> {
    return this.solutions.getSolution(name);
  }

  /** Creates or replaces a container (200, empty body, as Symphony answers). */
  @Post(':name')
  @HttpCode(HttpStatus.OK)
  async upsertSolution(
    @Param('name') name: string,
    @Body() body: unknown,
  ): Promise<void> {
    await this.solutions.upsertSolution(
      objectFromBody<SymphonySolution>(name, body),
    );
  }

  /** 409 while versions of it exist. */
  @Delete(':name')
  deleteSolution(@Param('name') name: string): Promise<void> {
    return this.solutions.deleteSolution(name);
  }
}
