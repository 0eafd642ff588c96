import { Injectable } from '@nestjs/common';
import { FLEET_SOLUTION } from '@fleet/shared/contracts';
import type { CreateVersionDto, FleetVersion } from '@fleet/shared/contracts';
import { versionedObjectName } from '@fleet/shared/symphony/util';
import { Clock } from '../../common/clock';
import { notFound } from '../../symphony/symphony-errors';
import { SolutionsService } from '../../symphony/solutions.service';
import { newFleetVersion } from './new-version';
import { compareNewestFirst, toFleetVersion } from './version-view';

/** The update store: the fleet Solution's versions with release notes and compatible models. */
@Injectable()
export class VersionsService {
  constructor(
    private readonly solutions: SolutionsService,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<FleetVersion[]> {
    const versions = await this.solutions.listVersions(FLEET_SOLUTION);
    return versions.map(toFleetVersion).sort(compareNewestFirst);
  }

  async find(version: string): Promise<FleetVersion | null> {
    const found = await this.solutions.findVersion(
      versionedObjectName(FLEET_SOLUTION, version),
    );
    return found ? toFleetVersion(found) : null;
  }

  async get(version: string): Promise<FleetVersion> {
    const found = await this.find(version);
    if (!found) throw notFound('version', version);
    return found;
  }

  /** 400 with Symphony's messages when invalid, 404 for an unknown base, 409 when the version exists. */
  async create(dto: CreateVersionDto): Promise<FleetVersion> {
    const base = dto.imageTag ? await this.baseFor(dto.baseVersion) : null;
    const object = newFleetVersion(dto, base, this.clock.nowIso());
    return toFleetVersion(await this.solutions.createVersion(object));
  }

  private async baseFor(baseVersion: string | undefined) {
    if (baseVersion)
      return this.solutions.getVersion(
        versionedObjectName(FLEET_SOLUTION, baseVersion),
      );
    const newest = (await this.list())[0];
    return newest ? this.solutions.getVersion(newest.name) : null;
  }
}
