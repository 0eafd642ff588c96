// Manifests as the Python SDK's Manifest turns them into an UpdateStateRequest (ank-sdk-python manifest.py):
// the new state is the manifest's desired state and the update mask has one path per workload and per config
// it names. `delete_manifest` sends the same mask with an empty state, so exactly those paths are removed.
import { load } from 'js-yaml';
import type { DesiredState } from '@fleet/shared/contracts';
import { CURRENT_API_VERSION } from './api-version';
import { configKeyError, workloadNameError } from './names';
import { isPlainObject, type PlainObject } from './object-path';
import { fail, ok, type Result } from './result';
import { planUpdate, renderDesiredState, type InstanceIdFn, type UpdatePlan } from './update';

export const WORKLOADS_PREFIX = 'desiredState.workloads';
export const CONFIGS_PREFIX = 'desiredState.configs';

export interface ManifestUpdate {
  newState: { desiredState: PlainObject };
  updateMask: string[];
  workloadNames: string[];
  configNames: string[];
}

/** YAML or JSON text to a mapping (JSON is YAML). */
export function parseManifestText(text: string): Result<PlainObject> {
  let parsed: unknown;
  try {
    parsed = load(text);
  } catch (error) {
    return fail(`Error parsing manifest: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  if (!isPlainObject(parsed)) return fail('Error parsing manifest: the manifest must be a mapping');
  if (!('apiVersion' in parsed)) return fail('apiVersion is missing.');
  return ok(parsed);
}

export function manifestUpdate(text: string, mode: 'apply' | 'delete'): Result<ManifestUpdate> {
  const parsed = parseManifestText(text);
  if (!parsed.ok) return parsed;
  const manifest = parsed.value;
  const section = (key: string): Result<PlainObject> => {
    const value = manifest[key] ?? {};
    return isPlainObject(value) ? ok(value) : fail(`Error parsing manifest: ${key} must be a mapping`);
  };
  const workloads = section('workloads');
  if (!workloads.ok) return workloads;
  const configs = section('configs');
  if (!configs.ok) return configs;
  const workloadNames = Object.keys(workloads.value);
  const configNames = Object.keys(configs.value);
  // Names become mask paths, so a name with a dot would address something else: reject it first.
  const nameError = workloadNames.map(workloadNameError).find((e) => e) ?? configNames.map(configKeyError).find((e) => e);
  if (nameError) return fail(nameError);
  // An empty mask would replace the whole state: a manifest naming nothing must not wipe the car.
  if (workloadNames.length === 0 && configNames.length === 0)
    return fail('The manifest names no workloads and no configs');
  const updateMask = [
    ...workloadNames.map((n) => `${WORKLOADS_PREFIX}.${n}`),
    ...configNames.map((n) => `${CONFIGS_PREFIX}.${n}`),
  ];
  const desiredState: PlainObject =
    mode === 'apply'
      ? { apiVersion: manifest['apiVersion'], workloads: workloads.value, configs: configs.value }
      : { apiVersion: CURRENT_API_VERSION, workloads: {}, configs: {} };
  return ok({ newState: { desiredState }, updateMask, workloadNames, configNames });
}

/** FNV-1a; enough to tell rendered configs apart where only validity matters. */
const cheapInstanceId: InstanceIdFn = (text) => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
};

/**
 * Would applying (or deleting) this manifest be accepted on top of `current` (default: an empty state)?
 * The API checks manifests with this before sending them to a car.
 */
export function validateManifest(
  text: string,
  options: { mode?: 'apply' | 'delete'; current?: DesiredState; instanceId?: InstanceIdFn } = {},
): Result<UpdatePlan> {
  const update = manifestUpdate(text, options.mode ?? 'apply');
  if (!update.ok) return update;
  const current = options.current ?? { apiVersion: CURRENT_API_VERSION, workloads: {}, configs: {} };
  const instanceId = options.instanceId ?? cheapInstanceId;
  const rendered = renderDesiredState(current, instanceId);
  const currentRendered = rendered.ok ? rendered.value : {};
  return planUpdate({ current, currentRendered, ...update.value, instanceId });
}
