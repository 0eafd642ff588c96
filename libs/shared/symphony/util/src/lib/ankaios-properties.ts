import {
  ANKAIOS_WORKLOAD_ROLE,
  AnkaiosComponentProperties as P,
  type ComponentSpec,
  type RestartPolicy,
} from '@fleet/shared/contracts';

/** The Ankaios settings of one `ankaios-workload` component, defaults applied. */
export interface AnkaiosSettings {
  name: string;
  agent: string;
  runtime: string;
  restartPolicy: RestartPolicy;
  runtimeConfig: string;
  /** Sorted, without duplicates. */
  dependencies: string[];
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = 'NEVER';

function stringProperty(component: ComponentSpec, key: string): string | undefined {
  const value = component.properties?.[key];
  return typeof value === 'string' ? value : undefined;
}

export function isAnkaiosComponent(component: ComponentSpec): boolean {
  return component.type === ANKAIOS_WORKLOAD_ROLE;
}

/** Reads the `ankaios.*` properties; `ankaios.agent` absent or empty means `agentName`. */
export function ankaiosSettings(component: ComponentSpec, agentName: string): AnkaiosSettings {
  return {
    name: component.name,
    agent: stringProperty(component, P.agent) || agentName,
    runtime: stringProperty(component, P.runtime) ?? '',
    restartPolicy: (stringProperty(component, P.restartPolicy) as RestartPolicy | undefined) ?? DEFAULT_RESTART_POLICY,
    runtimeConfig: stringProperty(component, P.runtimeConfig) ?? '',
    dependencies: [...new Set(component.dependencies ?? [])].sort(),
  };
}
