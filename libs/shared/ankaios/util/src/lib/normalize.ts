// Converts the older manifest forms (apiVersion v0.1) into the v1 shape the rest of the code expects.
// v0.1 writes tags as a list of {key, value}; v1 as a map (ankaios_api workload.rs `validate_tags` rejects the
// other form per version, with these texts). Fields from before v0.1 (`restart`, `updateStrategy`,
// `accessRights`) and the v0.1 spelling `filterMask` of controlInterfaceAccess rules still appear in the wild
// (the fleet-management tutorial uses `restart: false`); they are dropped or renamed with a warning.
import { CURRENT_API_VERSION, PREVIOUS_API_VERSION } from './api-version';
import { isPlainObject, type PlainObject } from './object-path';
import { fail, ok, type Result } from './result';

const WORKLOAD_FIELDS = [
  'agent',
  'runtime',
  'restartPolicy',
  'dependencies',
  'tags',
  'runtimeConfig',
  'configs',
  'files',
  'controlInterfaceAccess',
];
const OBSOLETE_FIELDS = ['restart', 'updateStrategy', 'accessRights'];

function normalizeTags(name: string, tags: unknown, apiVersion: unknown): Result<unknown> {
  if (apiVersion === CURRENT_API_VERSION && Array.isArray(tags))
    return fail(
      `For API version '${CURRENT_API_VERSION}', tags must be specified as a mapping (key-value pairs). ` +
        `Found tags as sequence for workload '${name}'.`,
    );
  if (apiVersion === PREVIOUS_API_VERSION && isPlainObject(tags))
    return fail(
      `For API version '${PREVIOUS_API_VERSION}', tags must be specified as a sequence (list of key-value entries). ` +
        `Found tags as mapping for workload '${name}'.`,
    );
  if (!Array.isArray(tags)) return ok(tags);
  const map: Record<string, string> = {};
  for (const tag of tags) {
    if (!isPlainObject(tag) || typeof tag['key'] !== 'string')
      return fail(`Invalid tag in workload '${name}': expected {key, value}`);
    map[tag['key']] = String(tag['value'] ?? '');
  }
  return ok(map);
}

function renameFilterMask(access: unknown): unknown {
  if (!isPlainObject(access)) return access;
  const rename = (rules: unknown) =>
    Array.isArray(rules)
      ? rules.map((r) => {
          if (!isPlainObject(r) || !('filterMask' in r)) return r;
          const { filterMask, ...rest } = r;
          return { ...rest, filterMasks: filterMask };
        })
      : rules;
  return { ...access, allowRules: rename(access['allowRules']), denyRules: rename(access['denyRules']) };
}

function normalizeWorkload(name: string, raw: unknown, apiVersion: unknown): Result<unknown> {
  if (!isPlainObject(raw)) return ok(raw);
  const warnings: string[] = [];
  const out: PlainObject = {};
  for (const [field, value] of Object.entries(raw)) {
    if (field === 'tags') {
      const tags = normalizeTags(name, value, apiVersion);
      if (!tags.ok) return tags;
      out[field] = tags.value;
    } else if (field === 'controlInterfaceAccess' && apiVersion === PREVIOUS_API_VERSION) {
      out[field] = renameFilterMask(value);
    } else if (WORKLOAD_FIELDS.includes(field)) {
      out[field] = value;
    } else if (OBSOLETE_FIELDS.includes(field)) {
      warnings.push(`Workload '${name}': the obsolete field '${field}' is ignored.`);
    } else {
      warnings.push(`Workload '${name}': the unknown field '${field}' is ignored.`);
    }
  }
  return ok(out, warnings);
}

/** The desired state (possibly partial, as in a masked update) in v1 form. */
export function normalizeDesiredState(raw: unknown): Result<PlainObject> {
  if (raw === undefined || raw === null) return ok({});
  if (!isPlainObject(raw)) return fail('desiredState must be a mapping');
  const out: PlainObject = { ...raw };
  // An empty YAML section (`configs:`) reads as null.
  if (raw['configs'] === null) out['configs'] = {};
  const workloads = raw['workloads'] === null ? {} : raw['workloads'];
  if (workloads === undefined) return ok(out);
  if (!isPlainObject(workloads)) return fail('workloads must be a mapping of workload names to workloads');
  const warnings: string[] = [];
  const normalized: PlainObject = {};
  for (const [name, workload] of Object.entries(workloads)) {
    const result = normalizeWorkload(name, workload, raw['apiVersion']);
    if (!result.ok) return result;
    normalized[name] = result.value;
    warnings.push(...result.warnings);
  }
  out['workloads'] = normalized;
  return ok(out, warnings);
}
