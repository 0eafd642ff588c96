import type { Principal, Role } from '@fleet/shared/contracts';
import type { ApiKeyEntity } from '../api-key.entity';
import {
  ApiKeysRepository,
  DuplicateApiKeyError,
} from '../api-keys.repository';
import { hashSecret } from '../secret-hash';
import type { UserEntity } from '../user.entity';
import { DuplicateUserError, UsersRepository } from '../users.repository';

/** Cheap scrypt parameters for test data; verifySecret reads them from the stored string. */
export const FAST_COST = { N: 2 ** 10, r: 8, p: 1 };

export class InMemoryUsersRepository extends UsersRepository {
  readonly rows = new Map<string, UserEntity>();

  constructor() {
    super(undefined as never);
  }

  override async findAll(): Promise<UserEntity[]> {
    return [...this.rows.values()].map((u) => ({ ...u }));
  }

  override async find(username: string): Promise<UserEntity | null> {
    const row = this.rows.get(username);
    return row ? { ...row } : null;
  }

  override async countByRole(role: Role): Promise<number> {
    return [...this.rows.values()].filter((u) => u.role === role).length;
  }

  override async insert(user: UserEntity): Promise<void> {
    if (this.rows.has(user.username))
      throw new DuplicateUserError(user.username);
    this.rows.set(user.username, { ...user });
  }

  override async save(user: UserEntity): Promise<void> {
    this.rows.set(user.username, { ...user });
  }

  override async delete(username: string): Promise<boolean> {
    return this.rows.delete(username);
  }
}

export class InMemoryApiKeysRepository extends ApiKeysRepository {
  readonly rows = new Map<string, ApiKeyEntity>();

  constructor() {
    super(undefined as never);
  }

  override async findAll(): Promise<ApiKeyEntity[]> {
    return [...this.rows.values()].map((k) => ({ ...k }));
  }

  override async find(id: string): Promise<ApiKeyEntity | null> {
    const row = this.rows.get(id);
    return row ? { ...row } : null;
  }

  override async insert(key: ApiKeyEntity): Promise<void> {
    const taken = [...this.rows.values()].some((k) => k.name === key.name);
    if (taken || this.rows.has(key.id))
      throw new DuplicateApiKeyError(key.name);
    this.rows.set(key.id, { ...key });
  }

  override async setLastUsedAt(id: string, at: string): Promise<void> {
    const row = this.rows.get(id);
    if (row) row.lastUsedAt = at;
  }

  override async delete(id: string): Promise<boolean> {
    return this.rows.delete(id);
  }
}

export async function userRow(
  overrides: Partial<UserEntity> & { password?: string } = {},
): Promise<UserEntity> {
  const { password = 'correct-horse-battery', ...rest } = overrides;
  return {
    username: 'ada',
    role: 'operator',
    passwordHash: await hashSecret(password, FAST_COST),
    sessionVersion: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...rest,
  };
}

export function principal(
  role: Role,
  overrides: Partial<Principal> = {},
): Principal {
  return { username: `${role}-user`, role, via: 'jwt', ...overrides };
}
