import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CreateVersionDto } from '@fleet/shared/contracts';
import type { FleetVersion } from '@fleet/shared/contracts';
import { VersionsService } from './versions.service';

@ApiTags('versions')
@Controller('versions')
export class VersionsController {
  constructor(private readonly versions: VersionsService) {}

  /** The fleet's versions, newest first, with release notes, compatible models and images. */
  @Get()
  listVersions(): Promise<FleetVersion[]> {
    return this.versions.list();
  }

  /** One version (404 when unknown). */
  @Get(':version')
  getVersion(@Param('version') version: string): Promise<FleetVersion> {
    return this.versions.get(version);
  }

  /** Publishes a new version (400 invalid, 409 duplicate). */
  @Post()
  createVersion(@Body() dto: CreateVersionDto): Promise<FleetVersion> {
    return this.versions.create(dto);
  }
}
