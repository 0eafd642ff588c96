export type PlainObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own property, not one inherited (`Object.hasOwn` is newer than the project's `lib`). */
export function hasOwn(value: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(value, key);
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
    } else if (isPlainObject(current) && hasOwn(current, part)) {
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
    if (!hasOwn(current, part)) current[part] = {};
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

/**
 * Same JSON value: keys holding `undefined` count as absent. Allocates nothing (no key lists, no closures): it runs
 * on every car report the API keeps and on every state change the car side applies.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  let defined = 0;
  for (const key in a) {
    if (!hasOwn(a, key) || a[key] === undefined) continue;
    if (!hasOwn(b, key) || !deepEqual(a[key], b[key])) return false;
    defined++;
  }
  for (const key in b) if (hasOwn(b, key) && b[key] !== undefined) defined--;
  return defined === 0;
}
