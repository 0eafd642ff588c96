import { isRole, type LoginResponse } from '@fleet/shared/contracts';

/** What the console keeps of a login. */
export type StoredSession = LoginResponse;

/** The stored session when it is well-formed and not expired at `now`; anything else counts as none. */
export function readSession(raw: string | null, now: number): StoredSession | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<StoredSession>;
    const expires = Date.parse(value.expiresAt ?? '');
    const user = value.user;
    if (typeof value.accessToken !== 'string' || !value.accessToken) return null;
    if (!Number.isFinite(expires) || expires <= now) return null;
    if (!user || typeof user.username !== 'string' || !isRole(user.role)) return null;
    return { accessToken: value.accessToken, expiresAt: value.expiresAt as string, user: { username: user.username, role: user.role } };
  } catch {
    return null;
  }
}
