export type PlainObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `desiredState.workloads.nginx` -> segments; the empty path has none. */
export function splitPath(path: string): string[] {
  return path === '' ? [] : path.split('.');
}

export function deepClone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

export function getAtPath(root: unknown, parts: readonly string[]): unknown {
  let current = root;
  for (const part of parts) {
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(part)) return undefined;
      current = current[Number(part)];
    } else if (isPlainObject(current) && Object.prototype.hasOwnProperty.call(current, part)) {
      current = current[part];
    } else {
      return undefined;
    }
  }
  return current;
}

/** Sets a value, creating missing objects on the way; false when the path is empty or crosses a non-object. */
export function setAtPath(root: PlainObject, parts: readonly string[], value: unknown): boolean {
  if (parts.length === 0) return false;
  let current: PlainObject = root;
  for (const part of parts.slice(0, -1)) {
    if (!Object.prototype.hasOwnProperty.call(current, part)) current[part] = {};
    const next = current[part];
    if (!isPlainObject(next)) return false;
    current = next;
  }
  current[parts[parts.length - 1]] = value;
  return true;
}

/** Removes a key; removing a missing key is fine, a missing or non-object parent is not (as in Ankaios' `Object::remove`). */
export function removeAtPath(root: PlainObject, parts: readonly string[]): boolean {
  if (parts.length === 0) return false;
  const parent = getAtPath(root, parts.slice(0, -1));
  if (!isPlainObject(parent)) return false;
  delete parent[parts[parts.length - 1]];
  return true;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a).filter((k) => a[k] !== undefined);
    const otherKeys = Object.keys(b).filter((k) => b[k] !== undefined);
    return keys.length === otherKeys.length && keys.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}
