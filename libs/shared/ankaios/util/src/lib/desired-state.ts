// Structural check of a resulting desired state: required fields, known runtimes and enum values.
// Texts for enums follow serde's wording, which Ankaios answers for an unknown variant.
import {
  KNOWN_RUNTIMES,
  type AddCondition,
  type ConfigItem,
  type DesiredState,
  type RestartPolicy,
  type WorkloadSpec,
} from '@fleet/shared/contracts';
import { configKeyError, configReferenceError } from './names';
import { isPlainObject, type PlainObject } from './object-path';
import { fail, ok, type Result } from './result';

export const RESTART_POLICIES: readonly RestartPolicy[] = ['NEVER', 'ON_FAILURE', 'ALWAYS'];
export const ADD_CONDITIONS: readonly AddCondition[] = ['ADD_COND_RUNNING', 'ADD_COND_SUCCEEDED', 'ADD_COND_FAILED'];

const variants = (values: readonly string[]) => values.map((v) => `\`${v}\``).join(', ');

function stringMap(value: unknown, what: string): Result<Record<string, string>> {
  if (value === undefined || value === null) return ok({});
  if (!isPlainObject(value)) return fail(`${what} must be a mapping`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')
      return fail(`${what}: the value of '${k}' must be a string`);
    out[k] = String(v);
  }
  return ok(out);
}

function toConfigItem(value: unknown, path: string): Result<ConfigItem> {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return ok(String(value));
  if (Array.isArray(value)) {
    const items: ConfigItem[] = [];
    for (const [i, v] of value.entries()) {
      const item = toConfigItem(v, `${path}.${i}`);
      if (!item.ok) return item;
      items.push(item.value);
    }
    return ok(items);
  }
  if (isPlainObject(value)) {
    const out: Record<string, ConfigItem> = {};
    for (const [k, v] of Object.entries(value)) {
      const keyError = configKeyError(k);
      if (keyError) return fail(keyError);
      const item = toConfigItem(v, `${path}.${k}`);
      if (!item.ok) return item;
      out[k] = item.value;
    }
    return ok(out);
  }
  return fail(`Config '${path}' must be a string, a list or a mapping`);
}

function toWorkloadSpec(name: string, raw: unknown): Result<WorkloadSpec> {
  const where = `workload '${name}'`;
  if (!isPlainObject(raw)) return fail(`The ${where} must be a mapping`);
  for (const field of ['agent', 'runtime', 'runtimeConfig'])
    if (raw[field] === undefined || raw[field] === null) return fail(`Missing field ${field} in ${where}`);
  for (const field of ['agent', 'runtime', 'runtimeConfig', 'restartPolicy'])
    if (raw[field] !== undefined && typeof raw[field] !== 'string') return fail(`Field ${field} of ${where} must be a string`);
  const runtime = raw['runtime'] as string;
  if (!(KNOWN_RUNTIMES as readonly string[]).includes(runtime))
    return fail(`Unsupported runtime '${runtime}' in ${where}, expected one of ${KNOWN_RUNTIMES.join(', ')}`);
  const restartPolicy = raw['restartPolicy'];
  if (restartPolicy !== undefined && !RESTART_POLICIES.includes(restartPolicy as RestartPolicy))
    return fail(`${where}: restartPolicy: unknown variant \`${String(restartPolicy)}\`, expected one of ${variants(RESTART_POLICIES)}`);
  const dependencies = stringMap(raw['dependencies'], `dependencies of ${where}`);
  if (!dependencies.ok) return dependencies;
  for (const [dep, condition] of Object.entries(dependencies.value))
    if (!ADD_CONDITIONS.includes(condition as AddCondition))
      return fail(`${where}: dependencies.${dep}: unknown variant \`${condition}\`, expected one of ${variants(ADD_CONDITIONS)}`);
  const tags = stringMap(raw['tags'], `tags of ${where}`);
  if (!tags.ok) return tags;
  const configs = stringMap(raw['configs'], `configs of ${where}`);
  if (!configs.ok) return configs;
  for (const [alias, reference] of Object.entries(configs.value)) {
    const error = configReferenceError(alias, reference);
    if (error) return fail(error);
  }
  const files = raw['files'];
  if (files !== undefined && (!Array.isArray(files) || !files.every((f) => isPlainObject(f) && typeof f['mountPoint'] === 'string')))
    return fail(`files of ${where} must be a list of {mountPoint, data | binaryData}`);
  const access = raw['controlInterfaceAccess'];
  if (access !== undefined && !isPlainObject(access)) return fail(`controlInterfaceAccess of ${where} must be a mapping`);
  return ok({
    agent: raw['agent'] as string,
    runtime,
    restartPolicy: (restartPolicy as RestartPolicy | undefined) ?? 'NEVER',
    dependencies: dependencies.value as Record<string, AddCondition>,
    tags: tags.value,
    runtimeConfig: raw['runtimeConfig'] as string,
    configs: configs.value,
    ...(files ? { files: files as WorkloadSpec['files'] } : {}),
    ...(access ? { controlInterfaceAccess: access } : {}),
  });
}

/** A typed desired state from its plain form, or the first problem found. */
export function toDesiredState(raw: PlainObject): Result<DesiredState> {
  const workloads = raw['workloads'] ?? {};
  const configs = raw['configs'] ?? {};
  if (!isPlainObject(workloads)) return fail('workloads must be a mapping of workload names to workloads');
  if (!isPlainObject(configs)) return fail('configs must be a mapping of config names to config items');
  const state: DesiredState = { apiVersion: String(raw['apiVersion'] ?? ''), workloads: {}, configs: {} };
  for (const [key, value] of Object.entries(configs)) {
    const keyError = configKeyError(key);
    if (keyError) return fail(keyError);
    const item = toConfigItem(value, key);
    if (!item.ok) return item;
    state.configs[key] = item.value;
  }
  for (const [name, value] of Object.entries(workloads)) {
    const spec = toWorkloadSpec(name, value);
    if (!spec.ok) return spec;
    state.workloads[name] = spec.value;
  }
  return ok(state);
}

/** The plain form that masks operate on. */
export function emptyDesiredState(apiVersion = 'v1'): PlainObject {
  return { apiVersion, workloads: {}, configs: {} };
}
