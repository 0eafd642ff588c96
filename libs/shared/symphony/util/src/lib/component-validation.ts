// Checks of `ankaios-workload` components before they reach a car: what Ankaios would refuse (names,
// runtime, restart policy, dependencies) and, optionally, a runtimeConfig that is not a YAML mapping.
import {
  ANKAIOS_WORKLOAD_ROLE,
  AnkaiosComponentProperties as P,
  KNOWN_RUNTIMES,
  type ComponentSpec,
} from '@fleet/shared/contracts';
import { agentNameError, findDependencyCycle, RESTART_POLICIES, workloadNameError } from '@fleet/shared/ankaios/util';
import { load } from 'js-yaml';
import type { SymphonyErrorField } from './checked';
import { isObject } from './json-guards';

export interface ComponentValidationOptions {
  /** Parse `ankaios.runtimeConfig` and require a YAML mapping. */
  checkRuntimeConfigYaml?: boolean;
  /** Field path prefix of the component list; `spec.components` by default. */
  path?: string;
}

export function validateAnkaiosComponents(
  components: unknown,
  options: ComponentValidationOptions = {},
): SymphonyErrorField[] {
  const path = options.path ?? 'spec.components';
  if (!Array.isArray(components)) return [field(path, components, 'components must be a list')];
  const errors: SymphonyErrorField[] = [];
  const names = new Set<string>();
  components.forEach((c: unknown, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(c) || typeof c['name'] !== 'string') {
      errors.push(field(`${at}.name`, isObject(c) ? c['name'] : c, 'component must have a name'));
      return;
    }
    const component = c as unknown as ComponentSpec;
    if (names.has(component.name)) errors.push(field(`${at}.name`, component.name, 'component names must be unique'));
    names.add(component.name);
    errors.push(...validateOne(component, at, options));
  });
  if (errors.length === 0) errors.push(...validateDependencies(components as ComponentSpec[], path, names));
  return errors;
}

function validateOne(c: ComponentSpec, at: string, options: ComponentValidationOptions): SymphonyErrorField[] {
  const errors: SymphonyErrorField[] = [];
  const nameError = workloadNameError(c.name);
  if (nameError) errors.push(field(`${at}.name`, c.name, nameError));
  if (c.type !== ANKAIOS_WORKLOAD_ROLE)
    errors.push(field(`${at}.type`, c.type ?? '', `component type must be '${ANKAIOS_WORKLOAD_ROLE}'`));
  if (c.properties !== undefined && !isObject(c.properties))
    return [...errors, field(`${at}.properties`, c.properties, 'properties must be a map')];
  const props = c.properties ?? {};
  const runtime = props[P.runtime];
  if (typeof runtime !== 'string' || !(KNOWN_RUNTIMES as readonly string[]).includes(runtime))
    errors.push(field(`${at}.properties.${P.runtime}`, runtime ?? '', `${P.runtime} is required, one of ${KNOWN_RUNTIMES.join(', ')}`));
  const config = props[P.runtimeConfig];
  if (typeof config !== 'string') errors.push(field(`${at}.properties.${P.runtimeConfig}`, config ?? '', `${P.runtimeConfig} is required (a YAML string)`));
  else if (options.checkRuntimeConfigYaml) {
    const yamlError = runtimeConfigError(config);
    if (yamlError) errors.push(field(`${at}.properties.${P.runtimeConfig}`, config, yamlError));
  }
  const policy = props[P.restartPolicy];
  if (policy !== undefined && !(RESTART_POLICIES as readonly unknown[]).includes(policy))
    errors.push(field(`${at}.properties.${P.restartPolicy}`, policy, `${P.restartPolicy} must be one of ${RESTART_POLICIES.join(', ')}`));
  const agent = props[P.agent];
  if (agent !== undefined && (typeof agent !== 'string' || agentNameError(agent)))
    errors.push(field(`${at}.properties.${P.agent}`, agent, typeof agent === 'string' ? (agentNameError(agent) as string) : `${P.agent} must be a string`));
  if (c.dependencies !== undefined && (!Array.isArray(c.dependencies) || c.dependencies.some((d) => typeof d !== 'string')))
    errors.push(field(`${at}.dependencies`, c.dependencies, 'dependencies must be a list of component names'));
  return errors;
}

function validateDependencies(components: ComponentSpec[], path: string, names: Set<string>): SymphonyErrorField[] {
  const errors: SymphonyErrorField[] = [];
  components.forEach((c, i) => {
    for (const dependency of c.dependencies ?? [])
      if (dependency === c.name || !names.has(dependency))
        errors.push(field(`${path}[${i}].dependencies`, dependency, dependency === c.name ? 'a component cannot depend on itself' : `dependency '${dependency}' is not a component of this solution`));
  });
  if (errors.length > 0) return errors;
  const graph = Object.fromEntries(components.map((c) => [c.name, { dependencies: Object.fromEntries((c.dependencies ?? []).map((d) => [d, 'ADD_COND_RUNNING' as const])) }]));
  const cycle = findDependencyCycle(graph);
  return cycle ? [field(path, cycle, `dependency cycle through component '${cycle}'`)] : [];
}

/** Why a runtimeConfig is not a YAML mapping, or null. */
export function runtimeConfigError(runtimeConfig: string): string | null {
  try {
    return isObject(load(runtimeConfig)) ? null : 'runtimeConfig must be a YAML mapping (e.g. `image: registry/app:1.2.3`)';
  } catch (error) {
    return `runtimeConfig is not valid YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
  }
}

function field(fieldPath: string, value: unknown, detailedMessage: string): SymphonyErrorField {
  return { fieldPath, value, detailedMessage };
}
