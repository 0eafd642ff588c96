import type { LoginResponse, Role } from '@fleet/shared/contracts';

/** A login answer for `username` with `role`, valid for an hour from `now`. */
export function aLoginResponse(role: Role = 'admin', username = 'ada', now = Date.now()): LoginResponse {
  return { accessToken: `token-of-${username}`, expiresAt: new Date(now + 3_600_000).toISOString(), user: { username, role } };
}

/** An in-memory Storage for SESSION_STORAGE. */
export class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  get length(): number {
    return this.items.size;
  }
  clear(): void {
    this.items.clear();
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}
