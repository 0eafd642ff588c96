import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppConfigService } from '../config/app-config.service';
import { RowCache } from './row-cache';
import { SymphonyObjectEntity } from './symphony-object.entity';
import { SQLITE_WRITES } from './sqlite-writes.providers';
import type { SqliteWrites } from './sqlite-writes';

export interface SymphonyObjectKey {
  kind: string;
  namespace: string;
  name: string;
}

/**
 * Symphony objects kept in memory by a single replica. A deployment read its Instance, SolutionVersion, Target
 * and summary nine times per car; a 3,000-car bulk update made 27,000 SELECTs. Several replicas (CLUSTER=on)
 * write the same table, so there every read goes to the database. Every car has a Target, an Instance and a
 * deployment summary: 32,768 rows hold those of 10,000 cars (8,192 held fewer than 3,000 cars' and a fleet-wide
 * update read evicted rows back from the database).
 */
export const SYMPHONY_ROWS_CACHED = 32_768;

/** The generic `symphony_objects` table. */
@Injectable()
export class SymphonyObjectsRepository {
  private readonly cache: RowCache<SymphonyObjectEntity> | null;

  constructor(
    @InjectRepository(SymphonyObjectEntity)
    private readonly repo: Repository<SymphonyObjectEntity>,
    config: AppConfigService,
    /** SQLite: writes go through the group commit; reads run after what was queued. */
    @Optional()
    @Inject(SQLITE_WRITES)
    private readonly writes: SqliteWrites | null = null,
  ) {
    this.cache = config.get('cluster')?.enabled
      ? null
      : new RowCache(SYMPHONY_ROWS_CACHED);
  }

  /** Reads answered from memory and from the database (a single replica; both 0 with CLUSTER=on). */
  cacheCounts(): { hits: number; misses: number } {
    return { hits: this.cache?.hits ?? 0, misses: this.cache?.misses ?? 0 };
  }

  async find(key: SymphonyObjectKey): Promise<SymphonyObjectEntity | null> {
    const cache = this.cache;
    this.writes?.flush();
    if (!cache) return this.repo.findOneBy({ ...key });
    const id = cacheKey(key);
    const cached = cache.get(id);
    if (cached !== undefined) return cached;
    const startedAt = cache.readStarted();
    const row = await this.repo.findOneBy({ ...key });
    cache.admitRead(id, row, startedAt);
    return row;
  }

  findByKind(kind: string, namespace: string): Promise<SymphonyObjectEntity[]> {
    this.writes?.flush();
    return this.repo.find({
      where: { kind, namespace },
      order: { name: 'ASC' },
    });
  }

  /** One INSERT … ON CONFLICT statement (TypeORM's save first SELECTs the row to choose INSERT or UPDATE). */
  async save(object: SymphonyObjectEntity): Promise<void> {
    // `body` is simple-json (`unknown`), which TypeORM's partial-entity type does not take as such.
    const row = object as SymphonyObjectEntity & { body: object };
    const id = cacheKey(object);
    try {
      if (this.writes)
        await this.writes.upsert(SymphonyObjectEntity, row, [
          'kind',
          'namespace',
          'name',
        ]);
      else
        await this.repo.upsert(row, {
          conflictPaths: ['kind', 'namespace', 'name'],
          skipUpdateIfNoValuesChanged: false,
        });
    } catch (error) {
      this.cache?.forget(id);
      throw error;
    }
    this.cache?.written(id, object);
  }

  /** True when a row was deleted. */
  async delete(key: SymphonyObjectKey): Promise<boolean> {
    const id = cacheKey(key);
    try {
      const deleted = this.writes
        ? await this.writes.delete(SymphonyObjectEntity, { ...key })
        : ((await this.repo.delete({ ...key })).affected ?? 0);
      this.cache?.written(id, null);
      return deleted > 0;
    } catch (error) {
      this.cache?.forget(id);
      throw error;
    }
  }
}

function cacheKey(key: SymphonyObjectKey): string {
  return `${key.kind}\u0000${key.namespace}\u0000${key.name}`;
}
