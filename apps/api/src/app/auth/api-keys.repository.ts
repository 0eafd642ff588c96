import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ApiKeyEntity } from './api-key.entity';
import { isUniqueViolation } from './unique-violation';

export class DuplicateApiKeyError extends Error {}

/** The `api_keys` table. */
@Injectable()
export class ApiKeysRepository {
  constructor(
    @InjectRepository(ApiKeyEntity)
    private readonly repo: Repository<ApiKeyEntity>,
  ) {}

  findAll(): Promise<ApiKeyEntity[]> {
    return this.repo.find({ order: { createdAt: 'ASC', id: 'ASC' } });
  }

  find(id: string): Promise<ApiKeyEntity | null> {
    return this.repo.findOneBy({ id });
  }

  /** Throws `DuplicateApiKeyError` when the name (or, improbably, the id) is taken. */
  async insert(key: ApiKeyEntity): Promise<void> {
    try {
      await this.repo.insert(key);
    } catch (error) {
      if (isUniqueViolation(error))
        throw new DuplicateApiKeyError(`API key ${key.name} exists`);
      throw error;
    }
  }

  async setLastUsedAt(id: string, at: string): Promise<void> {
    await this.repo.update({ id }, { lastUsedAt: at });
  }

  /** True when a row was deleted. */
  async delete(id: string): Promise<boolean> {
    return ((await this.repo.delete({ id })).affected ?? 0) > 0;
  }
}
