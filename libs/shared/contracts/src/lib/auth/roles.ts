/**
 * Roles, each including the ones before it: `viewer` reads; `operator` also changes cars, updates and rollouts;
 * `admin` also manages users and API keys, approves and reverts in an emergency.
 */
export type Role = 'viewer' | 'operator' | 'admin';
export const ROLES: readonly Role[] = ['viewer', 'operator', 'admin'];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** True when `role` grants at least what `needed` grants. */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/** Usernames: lower case, 2-64 characters, starting with a letter or digit. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,63}$/;
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

/** The header that carries an API key (`Authorization: Bearer fk_...` works too). */
export const API_KEY_HEADER = 'X-API-Key';
/** Every API key starts with this: `fk_<id>_<secret>`. */
export const API_KEY_PREFIX = 'fk_';
