import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { CarLogsQueryDto } from '@fleet/shared/contracts';
import type {
  CarWorkloadDetail,
  LogLine,
  ManifestResponse,
} from '@fleet/shared/contracts';
import { CarWorkloadsService } from './car-workloads.service';
import { MANIFEST_TEXT_TYPES } from './manifest-text';
import { ManifestsService } from './manifests.service';

const MANIFEST_BODY = {
  description:
    'An Ankaios manifest (apiVersion v1 or v0.1): YAML text, or the same as a JSON object.',
  schema: {
    type: 'string',
    example:
      'apiVersion: v1\nworkloads:\n  nginx:\n    runtime: podman\n    agent: munich-3f9a1c\n    runtimeConfig: |\n      image: docker.io/nginx:1.27\n',
  },
};

/** One car's Ankaios workloads, manifests and logs. */
@ApiTags('ankaios')
@Controller('cars')
export class CarWorkloadsController {
  constructor(
    private readonly workloads: CarWorkloadsService,
    private readonly manifests: ManifestsService,
  ) {}

  /** Every workload instance of the car with its execution state (`State(SubState)`) and health. */
  @Get(':id/workloads')
  listCarWorkloads(@Param('id') id: string): CarWorkloadDetail[] {
    return this.workloads.workloads(id);
  }

  /**
   * Applies a manifest on the car (the SDK's apply_manifest over `vehicle/<id>/manifest/apply/req`) and answers
   * the car's reply. 400 invalid manifest (Ankaios' message), 404 unknown car, 409 car offline, 504 no answer.
   */
  @Post(':id/manifest')
  @HttpCode(HttpStatus.OK)
  @ApiConsumes(...MANIFEST_TEXT_TYPES, 'application/json')
  @ApiBody(MANIFEST_BODY)
  applyManifest(
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<ManifestResponse> {
    return this.manifests.apply(id, body);
  }

  /** Deletes the workloads and configs the manifest names (the SDK's delete_manifest); errors as for apply. */
  @Delete(':id/manifest')
  @ApiConsumes(...MANIFEST_TEXT_TYPES, 'application/json')
  @ApiBody(MANIFEST_BODY)
  deleteManifest(
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<ManifestResponse> {
    return this.manifests.remove(id, body);
  }

  /**
   * The car's recent log lines, oldest first: the last 1,000 are kept per car, fewer in a fleet of more than
   * 1,000 cars (a budget of 1,000,000 lines shared out, at least 100 a car).
   */
  @Get(':id/logs')
  getCarLogs(
    @Param('id') id: string,
    @Query() query: CarLogsQueryDto,
  ): LogLine[] {
    return this.workloads.logLines(id, query);
  }
}
