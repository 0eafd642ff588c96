import type { ComponentSpec, DeploymentSpec } from '@fleet/shared/contracts';

/** Symphony's `GetComponentSlice`: the components of this step of the deployment. */
export function deploymentComponentSlice(deployment: DeploymentSpec): ComponentSpec[] {
  const components = deployment.solution?.spec?.components ?? [];
  const start = deployment.componentStartIndex ?? 0;
  const end = deployment.componentEndIndex ?? 0;
  return start >= 0 && end >= 0 && end > start ? components.slice(start, end) : components;
}

/**
 * The components assigned to `target`: the step's slice, narrowed by `assignments[target]`
 * (`{name1}{name2}`). Without any assignments every component is the target's; with assignments
 * that leave the target out, none is.
 */
export function componentsForTarget(deployment: DeploymentSpec, target: string): ComponentSpec[] {
  const slice = deploymentComponentSlice(deployment);
  const assignments = deployment.assignments ?? {};
  if (Object.keys(assignments).length === 0) return slice;
  const assignment = assignments[target] ?? '';
  return slice.filter((c) => assignment.includes(`{${c.name}}`));
}

/** `{name1}{name2}`: an assignment string as Symphony writes it. */
export function assignmentOf(components: readonly ComponentSpec[]): string {
  return components.map((c) => `{${c.name}}`).join('');
}
