// Field masks as Ankaios' server applies them (server_state.rs, state_manipulation/object.rs):
// a read mask selects paths (a `*` segment matches every key at that level, missing paths are skipped,
// any `desiredState...` mask also returns `desiredState.apiVersion`); an update with an empty mask
// replaces the whole state, otherwise each mask path is copied from the new state, or removed when the
// new state lacks it.
import { fail, ok, type Result } from './result';
import {
  deepClone,
  getAtPath,
  isPlainObject,
  removeAtPath,
  setAtPath,
  splitPath,
  type PlainObject,
} from './object-path';

export const WILDCARD = '*';
const API_VERSION_MASK = 'desiredState.apiVersion';

/** Concrete paths a mask stands for in `root`: every `*` segment expanded over the keys present there. */
export function expandMask(root: unknown, mask: string): string[][] {
  const expand = (node: unknown, rest: string[], prefix: string[]): string[][] => {
    if (rest.length === 0) return [prefix];
    const [head, ...tail] = rest;
    if (head !== WILDCARD) return expand(getAtPath(node, [head]), tail, [...prefix, head]);
    const keys = isPlainObject(node) ? Object.keys(node) : Array.isArray(node) ? node.map((_, i) => String(i)) : [];
    return keys.flatMap((key) => expand(getAtPath(node, [key]), tail, [...prefix, key]));
  };
  return expand(root, splitPath(mask), []);
}

/** The parts of `state` the read masks select; no mask (or an empty list) selects everything. */
export function filterByMasks<T extends object>(state: T, masks: readonly string[] = []): Partial<T> {
  if (masks.length === 0) return deepClone(state);
  const filters = masks.some((m) => m.startsWith('desiredState')) ? [...masks, API_VERSION_MASK] : [...masks];
  const result: PlainObject = {};
  for (const mask of filters) {
    for (const path of expandMask(state, mask)) {
      const value = getAtPath(state, path);
      if (value !== undefined) setAtPath(result, path, deepClone(value));
    }
  }
  return result as Partial<T>;
}

/** `current` updated from `update` along `updateMask`; the inputs are not modified. */
export function applyUpdateMask(current: PlainObject, update: PlainObject, updateMask: readonly string[]): Result<PlainObject> {
  if (updateMask.length === 0) return ok(deepClone(update));
  const next = deepClone(current);
  for (const mask of updateMask) {
    const parts = splitPath(mask);
    const value = getAtPath(update, parts);
    const done = value === undefined ? removeAtPath(next, parts) : setAtPath(next, parts, deepClone(value));
    if (!done) return fail(`Could not find field ${mask}`);
  }
  return ok(next);
}
