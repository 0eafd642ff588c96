import { CoaState } from '@fleet/shared/contracts';
import type {
  SymphonyInstance,
  SymphonySolutionVersion,
  SymphonyTarget,
} from '@fleet/shared/contracts';
import {
  matchTargets,
  referenceToObjectName,
} from '@fleet/shared/symphony/util';
import type { InstancesService } from '../instances.service';
import type { SolutionsService } from '../solutions.service';
import type { TargetsRegistryService } from '../targets-registry.service';
import { ReconcileFailure } from './reconcile-results';

export interface Resolved {
  instance: SymphonyInstance;
  solution: SymphonySolutionVersion;
  /** Every Target the instance deploys to (by name or selector), or just the one asked for. */
  targets: SymphonyTarget[];
  /** The names of every Target the instance deploys to now (the summary keeps only their results). */
  allTargets: string[];
}

export interface ResolveSources {
  instances: InstancesService;
  solutions: SolutionsService;
  targets: TargetsRegistryService;
}

/** The Targets an instance deploys to now: the named one, or every one its selector matches. */
export async function targetsOf(
  instance: SymphonyInstance,
  registry: TargetsRegistryService,
): Promise<SymphonyTarget[]> {
  const selector = instance.spec?.target?.selector ?? {};
  if (Object.keys(selector).length === 0) {
    const name = instance.spec?.target?.name;
    const target = name ? await registry.find(name) : null;
    return target ? [target] : [];
  }
  return matchTargets(instance, await registry.list());
}

/** The instance, its SolutionVersion and Targets; a ReconcileFailure (404) when one is missing. */
export async function resolveInstance(
  sources: ResolveSources,
  name: string,
  onlyTarget?: string,
): Promise<Resolved> {
  const instance = await sources.instances.find(name);
  if (!instance)
    throw new ReconcileFailure(
      `instance ${name} does not exist`,
      CoaState.NotFound,
    );
  const solutionName = referenceToObjectName(instance.spec.solution);
  const solution = await sources.solutions.findVersion(solutionName);
  if (!solution)
    throw new ReconcileFailure(
      `solution version ${solutionName} does not exist`,
      CoaState.NotFound,
    );
  const all = await targetsOf(instance, sources.targets);
  const targets = onlyTarget
    ? all.filter((t) => t.metadata.name === onlyTarget)
    : all;
  if (targets.length === 0)
    throw new ReconcileFailure(
      onlyTarget
        ? `instance ${name} does not deploy to target ${onlyTarget}`
        : `instance ${name} names no existing target (${instance.spec.target?.name ?? `selector ${JSON.stringify(instance.spec.target?.selector ?? {})}`})`,
      CoaState.NotFound,
    );
  return {
    instance,
    solution,
    targets,
    allTargets: all.map((t) => t.metadata.name),
  };
}
