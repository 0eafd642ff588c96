import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { MetaEntity } from './meta.entity';

export const META_DEMO_FLEET_SEEDED = 'demo-fleet-seeded';

/** The key/value `meta` table. */
@Injectable()
export class MetaRepository {
  constructor(
    @InjectRepository(MetaEntity) private readonly repo: Repository<MetaEntity>,
  ) {}

  async get(key: string): Promise<string | null> {
    return (await this.repo.findOneBy({ key }))?.value ?? null;
  }

  async set(key: string, value: string): Promise<void> {
    await this.repo.save({ key, value });
  }

  /** Writes `value` only if the key has none (one statement: of replicas racing, the first one wins). */
  async setIfAbsent(key: string, value: string): Promise<void> {
    await this.repo
      .createQueryBuilder()
      .insert()
      .values({ key, value })
      .orIgnore()
      .execute();
  }
}
