import {
  ANKAIOS_WORKLOAD_ROLE,
  AnkaiosComponentProperties as P,
  type AddCondition,
  type ComponentSpec,
  type WorkloadSpec,
} from '@fleet/shared/contracts';
import { ankaiosSettings } from './ankaios-properties';

/** Symphony component dependencies carry no condition; a dependency means "wait until it runs". */
export const COMPONENT_DEPENDENCY_CONDITION: AddCondition = 'ADD_COND_RUNNING';

export interface WorkloadMappingOptions {
  /** Ankaios tags added to every workload (e.g. which instance deployed it). */
  tags?: Record<string, string>;
}

/**
 * The Ankaios workloads for `ankaios-workload` components (other types are skipped); `agentName` is the
 * agent of components without `ankaios.agent`. Expects components that passed `validateAnkaiosComponents`.
 */
export function componentsToWorkloads(
  components: readonly ComponentSpec[],
  agentName: string,
  options: WorkloadMappingOptions = {},
): Record<string, WorkloadSpec> {
  const workloads: Record<string, WorkloadSpec> = {};
  for (const component of components) {
    if (component.type !== ANKAIOS_WORKLOAD_ROLE) continue;
    const s = ankaiosSettings(component, agentName);
    const workload: WorkloadSpec = {
      agent: s.agent,
      runtime: s.runtime,
      restartPolicy: s.restartPolicy,
      runtimeConfig: s.runtimeConfig,
    };
    if (s.dependencies.length > 0)
      workload.dependencies = Object.fromEntries(s.dependencies.map((d) => [d, COMPONENT_DEPENDENCY_CONDITION]));
    if (options.tags && Object.keys(options.tags).length > 0) workload.tags = { ...options.tags };
    workloads[component.name] = workload;
  }
  return workloads;
}

/**
 * The components a car reports on GET for its workloads. `ankaios.agent` is left out when it is the
 * car's own agent, as in the SolutionVersions; tags travel as component metadata.
 */
export function workloadsToComponents(workloads: Record<string, WorkloadSpec>, agentName: string): ComponentSpec[] {
  return Object.keys(workloads)
    .sort()
    .map((name) => {
      const w = workloads[name];
      const properties: Record<string, unknown> = {
        [P.runtime]: w.runtime,
        [P.restartPolicy]: w.restartPolicy ?? 'NEVER',
        [P.runtimeConfig]: w.runtimeConfig,
      };
      if (w.agent !== agentName) properties[P.agent] = w.agent;
      const component: ComponentSpec = { name, type: ANKAIOS_WORKLOAD_ROLE, properties };
      const dependencies = Object.keys(w.dependencies ?? {}).sort();
      if (dependencies.length > 0) component.dependencies = dependencies;
      if (w.tags && Object.keys(w.tags).length > 0) component.metadata = { ...w.tags };
      return component;
    });
}
