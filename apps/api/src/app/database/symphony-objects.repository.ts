import {
  Inject,
  Injectable,
  Logger,
  OnModuleInit,
  Optional,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { AppConfigService } from '../config/app-config.service';
import { BatchedReads } from './batched-reads';
import { RowCache } from './row-cache';
import { SymphonyObjectEntity } from './symphony-object.entity';
import { GROUP_WRITES } from './group-writes.providers';
import type { GroupWrites } from './group-writes';

export interface SymphonyObjectKey {
  kind: string;
  namespace: string;
  name: string;
}

/**
 * Symphony objects kept in memory by a single replica. A deployment read its Instance, SolutionVersion, Target
 * and summary nine times per car; a 3,000-car bulk update made 27,000 SELECTs. Several replicas (CLUSTER=on)
 * write the same table, so there every read goes to the database, batched with the other reads of its turn. Every car has a Target, an Instance and a
 * deployment summary: 32,768 rows hold those of 10,000 cars (8,192 held fewer than 3,000 cars' and a fleet-wide
 * update read evicted rows back from the database).
 */
export const SYMPHONY_ROWS_CACHED = 32_768;

/**
 * The keys of every row are kept too (a single replica, up to this many rows), so that the read of an object
 * that does not exist needs no SELECT: a car's first deployment looks up its Instance and its summary before
 * writing them, two SELECTs a car, each of which also had to commit the queued writes first.
 */
export const SYMPHONY_KEYS_INDEXED = 262_144;

/** The generic `symphony_objects` table. */
@Injectable()
export class SymphonyObjectsRepository implements OnModuleInit {
  private readonly logger = new Logger(SymphonyObjectsRepository.name);
  private readonly cache: RowCache<SymphonyObjectEntity> | null;
  /**
   * Every key with a row, and possibly some without (after a write whose outcome is unknown): a key not in
   * here has no row. Null until loaded, with several replicas, and beyond SYMPHONY_KEYS_INDEXED rows.
   */
  private keys: Set<string> | null = null;
  /** Keys written while the index loads, replayed onto it in order: [key, has a row]. */
  private keysWritten: [string, boolean][] | null = null;
  /** Reads answered by the index (a missing key), counted as reads from memory. */
  private absentAnswered = 0;
  /** Several replicas (no cache): the reads of one turn of the event loop go to the database together. */
  private readonly reads: BatchedReads<SymphonyObjectKey, SymphonyObjectEntity>;

  constructor(
    @InjectRepository(SymphonyObjectEntity)
    private readonly repo: Repository<SymphonyObjectEntity>,
    config: AppConfigService,
    /** Writes go through the group commit (SQLite, PostgreSQL); reads run after what was queued. */
    @Optional()
    @Inject(GROUP_WRITES)
    private readonly writes: GroupWrites | null = null,
  ) {
    const cluster = config.get('cluster')?.enabled ?? false;
    this.cache = cluster ? null : new RowCache(SYMPHONY_ROWS_CACHED);
    this.reads = new BatchedReads(
      cacheKey,
      (keys) => this.findMany(keys),
      cacheKey,
      () => this.writes?.flush(),
    );
  }

  /** SELECTs of Symphony objects sent in batches (several replicas; for tests and benchmarks). */
  get batchedReads(): number {
    return this.reads.statements;
  }

  /** Loads the key index (one SELECT of three columns); a single replica only. */
  async onModuleInit(): Promise<void> {
    if (!this.cache) return;
    this.keysWritten = [];
    try {
      const rows = await this.repo.find({
        select: { kind: true, namespace: true, name: true },
      });
      const keys = new Set(rows.map(cacheKey));
      for (const [id, present] of this.keysWritten)
        if (present) keys.add(id);
        else keys.delete(id);
      this.keys = keys.size > SYMPHONY_KEYS_INDEXED ? null : keys;
    } catch (error) {
      // Without the index every read of a missing object asks the database, as before it existed.
      this.logger.warn(
        `Symphony object keys not loaded: ${(error as Error).message}`,
      );
    } finally {
      this.keysWritten = null;
    }
  }

  /** False when the key index knows there is no such row; true when there may be one. */
  mayExist(key: SymphonyObjectKey): boolean {
    return !this.keys || this.keys.has(cacheKey(key));
  }

  /** Reads answered from memory and from the database (a single replica; both 0 with CLUSTER=on). */
  cacheCounts(): { hits: number; misses: number } {
    return {
      hits: (this.cache?.hits ?? 0) + this.absentAnswered,
      misses: (this.cache?.misses ?? 0) - this.absentAnswered,
    };
  }

  /** The row; with one replica it is frozen and shared with every other reader (see RowCache). */
  async find(key: SymphonyObjectKey): Promise<SymphonyObjectEntity | null> {
    const cache = this.cache;
    // Several replicas: no cache, and the read runs with the others of its turn (after the queued writes).
    if (!cache) return this.reads.get(key);
    const id = cacheKey(key);
    // A row in memory answers without running the queue: the cache takes a write once it is committed, so a
    // caller that awaited its write finds it here, and one that did not could have read either row anyway. Run
    // on every read, the queue was committed ~4 statements at a time (7,000 of 10,500 commits of a 3,000-car
    // update came from here); now the statements of a whole turn of the event loop go together.
    const cached = cache.get(id);
    if (cached !== undefined) return cached;
    if (!this.mayExist(key)) {
      this.absentAnswered++;
      return null;
    }
    await this.writes?.flush();
    const startedAt = cache.readStarted();
    const row = await this.repo.findOneBy({ ...key });
    cache.admitRead(id, row, startedAt);
    return row;
  }

  async findByKind(
    kind: string,
    namespace: string,
  ): Promise<SymphonyObjectEntity[]> {
    await this.writes?.flush();
    return this.repo.find({
      where: { kind, namespace },
      order: { name: 'ASC' },
    });
  }

  /** The rows of these keys that exist, in one SELECT: `name IN (…)` for each kind and namespace asked. */
  private findMany(keys: SymphonyObjectKey[]): Promise<SymphonyObjectEntity[]> {
    const names = new Map<
      string,
      { kind: string; namespace: string; names: string[] }
    >();
    for (const key of keys) {
      const group = `${key.kind}\u0000${key.namespace}`;
      const entry = names.get(group);
      if (entry) entry.names.push(key.name);
      else
        names.set(group, {
          kind: key.kind,
          namespace: key.namespace,
          names: [key.name],
        });
    }
    return this.repo.find({
      where: [...names.values()].map((g) => ({
        kind: g.kind,
        namespace: g.namespace,
        name: g.names.length === 1 ? g.names[0] : In(g.names),
      })),
    });
  }

  /**
   * One INSERT … ON CONFLICT statement (TypeORM's save first SELECTs the row to choose INSERT or UPDATE). With
   * one replica the object is frozen once written: the cache shares it with every reader.
   */
  async save(object: SymphonyObjectEntity): Promise<void> {
    // `body` is simple-json (`unknown`), which TypeORM's partial-entity type does not take as such.
    const row = object as SymphonyObjectEntity & { body: object };
    const id = cacheKey(object);
    // In the index before the row is committed: a delete of the same key meanwhile must not skip it as absent.
    this.keys?.add(id);
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
      this.forget(id);
      throw error;
    }
    this.cache?.written(id, object);
    this.keyWritten(id, true);
  }

  /** True when a row was deleted. */
  async delete(key: SymphonyObjectKey): Promise<boolean> {
    // A row the index knows to be absent needs no statement: every deployment clears its target's "unconfirmed"
    // record, which exists only after a timeout (one DELETE of nothing a car, 1 of 11 statements of an update).
    if (!this.mayExist(key)) return false;
    const id = cacheKey(key);
    try {
      const deleted = this.writes
        ? await this.writes.delete(SymphonyObjectEntity, { ...key })
        : ((await this.repo.delete({ ...key })).affected ?? 0);
      this.cache?.written(id, null);
      this.keyWritten(id, false);
      return deleted > 0;
    } catch (error) {
      this.forget(id);
      throw error;
    }
  }

  /** After a write whose outcome is unknown: the next read asks the database. */
  private forget(id: string): void {
    this.cache?.forget(id);
    this.keyWritten(id, true);
  }

  private keyWritten(id: string, present: boolean): void {
    this.keysWritten?.push([id, present]);
    const keys = this.keys;
    if (!keys) return;
    if (!present) keys.delete(id);
    else if (keys.add(id).size > SYMPHONY_KEYS_INDEXED) this.keys = null;
  }
}

function cacheKey(key: SymphonyObjectKey): string {
  return `${key.kind}\u0000${key.namespace}\u0000${key.name}`;
}
