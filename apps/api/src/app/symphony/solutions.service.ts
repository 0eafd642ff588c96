import { ConflictException, Injectable, Logger } from '@nestjs/common';
import type {
  SymphonyInstance,
  SymphonySolution,
  SymphonySolutionVersion,
} from '@fleet/shared/contracts';
import {
  parseObjectName,
  referenceToObjectName,
  validateSolutionDelete,
  validateSolutionVersionCreate,
  validateSolutionVersionDelete,
  validateSolutionVersionUpdate,
} from '@fleet/shared/symphony/util';
import { notFound, throwIfInUse, throwIfInvalid } from './symphony-errors';
import { SymphonyKinds } from './symphony-kinds';
import { SymphonyStore } from './symphony-store';

/** Solution containers and their SolutionVersions, with Symphony's create/update/delete rules. */
@Injectable()
export class SolutionsService {
  private readonly logger = new Logger(SolutionsService.name);

  constructor(private readonly store: SymphonyStore) {}

  listSolutions(): Promise<SymphonySolution[]> {
    return this.store.list(SymphonyKinds.solution);
  }

  async getSolution(name: string): Promise<SymphonySolution> {
    const found = await this.store.get<SymphonySolution>(
      SymphonyKinds.solution,
      name,
    );
    if (!found) throw notFound('solution', name);
    return found;
  }

  /** A container's spec is empty in Symphony 0.49, whatever was sent. */
  upsertSolution(solution: SymphonySolution): Promise<SymphonySolution> {
    return this.store.put(SymphonyKinds.solution, { ...solution, spec: {} });
  }

  async deleteSolution(name: string): Promise<void> {
    await this.getSolution(name);
    const versions = await this.listVersions();
    throwIfInUse(
      validateSolutionDelete(name, (root) =>
        versions
          .filter((v) => v.spec.rootResource === root)
          .map((v) => v.metadata.name),
      ),
    );
    await this.store.delete(SymphonyKinds.solution, name);
  }

  async listVersions(root?: string): Promise<SymphonySolutionVersion[]> {
    const all = await this.store.list<SymphonySolutionVersion>(
      SymphonyKinds.solutionVersion,
    );
    return root ? all.filter((v) => v.spec.rootResource === root) : all;
  }

  findVersion(name: string): Promise<SymphonySolutionVersion | null> {
    return this.store.get(SymphonyKinds.solutionVersion, name);
  }

  async getVersion(name: string): Promise<SymphonySolutionVersion> {
    const found = await this.findVersion(name);
    if (!found) throw notFound('solution version', name);
    return found;
  }

  /** POST as Symphony treats it: create, or update an existing version (root and version immutable). */
  async upsertVersion(
    version: SymphonySolutionVersion,
  ): Promise<SymphonySolutionVersion> {
    const withDefaults = withNameDefaults(version);
    const existing = await this.findVersion(withDefaults.metadata.name);
    if (existing)
      throwIfInvalid(validateSolutionVersionUpdate(withDefaults, existing));
    else await this.validateCreate(withDefaults);
    return this.store.put(SymphonyKinds.solutionVersion, withDefaults);
  }

  /** Create only: 409 when the version exists. */
  async createVersion(
    version: SymphonySolutionVersion,
  ): Promise<SymphonySolutionVersion> {
    if (await this.findVersion(version.metadata.name))
      throw new ConflictException(
        `solution version ${version.metadata.name} already exists`,
      );
    await this.validateCreate(version);
    const created = await this.store.put(
      SymphonyKinds.solutionVersion,
      version,
    );
    this.logger.log(`solution version ${version.metadata.name} created`);
    return created;
  }

  /** 409 while an Instance points at the version. */
  async deleteVersion(name: string): Promise<void> {
    await this.getVersion(name);
    const instances = await this.store.list<SymphonyInstance>(
      SymphonyKinds.instance,
    );
    throwIfInUse(
      validateSolutionVersionDelete(name, (objectName) =>
        instances
          .filter(
            (i) => referenceToObjectName(i.spec?.solution ?? '') === objectName,
          )
          .map((i) => i.metadata.name),
      ),
    );
    await this.store.delete(SymphonyKinds.solutionVersion, name);
  }

  private async validateCreate(
    version: SymphonySolutionVersion,
  ): Promise<void> {
    const roots = new Set(
      (await this.listSolutions()).map((s) => s.metadata.name),
    );
    throwIfInvalid(
      validateSolutionVersionCreate(version, {
        containerExists: (root) => roots.has(root),
      }),
    );
  }
}

/** As Symphony's vendor does: an empty rootResource and version come from the `<root>-v-<version>` name. */
function withNameDefaults(
  version: SymphonySolutionVersion,
): SymphonySolutionVersion {
  const parsed = parseObjectName(version.metadata.name);
  if (!parsed) return version;
  return {
    ...version,
    spec: {
      ...version.spec,
      rootResource: version.spec?.rootResource || parsed.root,
      version: version.spec?.version || parsed.version,
    },
  };
}
