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
import type { SymphonySolutionVersion } from '@fleet/shared/contracts';
import { SYMPHONY_REST_PREFIX } from '../../bootstrap/configure-http';
import { objectFromBody } from '../object-body';
import { SolutionsService } from '../solutions.service';

/** Symphony `solutionversions`: `<root>-v-<version>` objects with the components a target runs. */
@ApiTags('symphony')
@Controller(`${SYMPHONY_REST_PREFIX}/solutionversions`)
export class SolutionVersionsController {
  constructor(private readonly solutions: SolutionsService) {}

  @Get()
  listSolutionVersions(): Promise<SymphonySolutionVersion[]> {
    return this.solutions.listVersions();
  }

  @Get(':name')
  getSolutionVersion(
    @Param('name') name: string,
  ): Promise<SymphonySolutionVersion> {
    return this.solutions.getVersion(name);
  }

  /** Creates or updates a version (400 with Symphony's messages when invalid). */
  @Post(':name')
  @HttpCode(HttpStatus.OK)
  async upsertSolutionVersion(
    @Param('name') name: string,
    @Body() body: unknown,
  ): Promise<void> {
    await this.solutions.upsertVersion(
      objectFromBody<SymphonySolutionVersion>(name, body),
    );
  }

  /** 409 while an Instance uses the version. */
  @Delete(':name')
  deleteSolutionVersion(@Param('name') name: string): Promise<void> {
    return this.solutions.deleteVersion(name);
  }
}
