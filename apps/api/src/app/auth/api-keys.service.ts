import { randomBytes } from 'node:crypto';
import {
  ConflictException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { API_KEY_PREFIX } from '@fleet/shared/contracts';
import type {
  ApiKeyView,
  CreateApiKeyDto,
  CreatedApiKey,
  Principal,
  Role,
} from '@fleet/shared/contracts';
import { Clock } from '../common/clock';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeysRepository, DuplicateApiKeyError } from './api-keys.repository';
import { VerifiedKeyCache } from './verified-key-cache';
import { API_KEY_COST, hashSecret, verifySecret } from './secret-hash';

/** `fk_<12 hex id>_<43 base64url characters: 256 random bits>`. */
const KEY_FORMAT = /^fk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
const LAST_USED_RESOLUTION_MS = 60_000;

@Injectable()
export class ApiKeysService {
  private readonly verified = new VerifiedKeyCache(1000);

  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<ApiKeyView[]> {
    return (await this.keys.findAll()).map(toView);
  }

  /** The key is in the answer this once; only its hash is kept. */
  async create(
    dto: CreateApiKeyDto,
    createdBy: string,
  ): Promise<CreatedApiKey> {
    const id = randomBytes(6).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const row: ApiKeyEntity = {
      id,
      name: dto.name,
      role: dto.role,
      secretHash: await hashSecret(secret, API_KEY_COST),
      createdBy,
      createdAt: this.clock.nowIso(),
      lastUsedAt: null,
    };
    try {
      await this.keys.insert(row);
    } catch (error) {
      if (error instanceof DuplicateApiKeyError)
        throw new ConflictException(`an API key named ${dto.name} exists`);
      throw error;
    }
    return { ...toView(row), key: `${API_KEY_PREFIX}${id}_${secret}` };
  }

  async remove(id: string): Promise<void> {
    this.verified.forget(id);
    if (!(await this.keys.delete(id)))
      throw new NotFoundException(`API key ${id} not found`);
  }

  /** The key's principal, or null for a malformed, unknown, deleted or wrong key. */
  async authenticate(key: string): Promise<Principal | null> {
    const match = KEY_FORMAT.exec(key);
    if (!match) return null;
    const [, id, secret] = match;
    const row = await this.keys.find(id);
    if (!row || !(await this.matches(row, secret))) return null;
    await this.touch(row);
    return {
      username: `apikey:${row.name}`,
      role: row.role as Role,
      via: 'api-key',
      keyId: row.id,
    };
  }

  /** scrypt once per key and process; later requests compare a SHA-256 in constant time. */
  private async matches(row: ApiKeyEntity, secret: string): Promise<boolean> {
    const cached = this.verified.check(row.id, row.secretHash, secret);
    if (cached !== undefined) return cached;
    const ok = await verifySecret(secret, row.secretHash);
    if (ok) this.verified.remember(row.id, row.secretHash, secret);
    return ok;
  }

  private async touch(row: ApiKeyEntity): Promise<void> {
    const now = this.clock.now();
    const last = row.lastUsedAt ? Date.parse(row.lastUsedAt) : 0;
    if (now.getTime() - last >= LAST_USED_RESOLUTION_MS)
      await this.keys.setLastUsedAt(row.id, now.toISOString());
  }
}

function toView(row: ApiKeyEntity): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    role: row.role as Role,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
  };
}
