import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import {
  formatErrorFields,
  loadSymphonyConfig,
} from '@fleet/shared/symphony/util';
import { AppConfigService } from '../config/app-config.service';
import { SymphonyConfigReader } from './symphony-config.reader';
import { SymphonyKinds } from './symphony-kinds';
import { SymphonyObject, SymphonyStore } from './symphony-store';

export interface SeedReport {
  created: string[];
  kept: string[];
}

/**
 * Seeds the fleet Solution and its SolutionVersions from `symphony-config/` at start. Idempotent: an
 * object that exists is kept as it is (it may have been changed through the API since).
 */
@Injectable()
export class SymphonySeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(SymphonySeeder.name);

  constructor(
    private readonly reader: SymphonyConfigReader,
    private readonly store: SymphonyStore,
    private readonly config: AppConfigService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.seed();
  }

  async seed(): Promise<SeedReport> {
    const report: SeedReport = { created: [], kept: [] };
    const dir = this.config.get('symphony').configDir;
    let input;
    try {
      input = this.reader.read(dir);
    } catch (error) {
      this.logger.error(
        `Symphony config in ${dir} not readable: ${(error as Error).message}`,
      );
      return report;
    }
    if (!input) {
      this.logger.warn(`no Symphony config at ${dir}; nothing seeded`);
      return report;
    }
    const loaded = loadSymphonyConfig(input);
    if (!loaded.ok) {
      const lines = loaded.error.map(
        (i) => `${i.source}: ${formatErrorFields([i]).trim()}`,
      );
      this.logger.error(
        `Symphony config in ${dir} is invalid; nothing seeded: ${lines.join(' | ')}`,
      );
      return report;
    }
    for (const solution of loaded.value.solutions)
      await this.ensure(SymphonyKinds.solution, solution, report);
    for (const version of loaded.value.solutionVersions)
      await this.ensure(SymphonyKinds.solutionVersion, version, report);
    if (report.created.length > 0)
      this.logger.log(`seeded ${report.created.join(', ')} from ${dir}`);
    return report;
  }

  private async ensure(
    kind: typeof SymphonyKinds.solution | typeof SymphonyKinds.solutionVersion,
    object: SymphonyObject,
    report: SeedReport,
  ): Promise<void> {
    const name = object.metadata.name;
    if (await this.store.get(kind, name, object.metadata.namespace)) {
      report.kept.push(name);
      return;
    }
    try {
      await this.store.put(kind, object);
    } catch (error) {
      // Several replicas starting at once on an empty database: another one seeded it first.
      if (!(await this.store.get(kind, name, object.metadata.namespace)))
        throw error;
      report.kept.push(name);
      return;
    }
    report.created.push(name);
  }
}
