import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Repository } from 'typeorm';
import { REPLICA_ID } from '../cluster/replica-id';
import { GROUP_WRITES } from '../database/group-writes.providers';
import type { GroupWrites } from '../database/group-writes';
import { UpdateHistoryEntity } from './update-history.entity';

/** Ids bound in one `IN (...)` (SQLite allows 32,766 parameters, PostgreSQL 65,535). */
const IDS_PER_STATEMENT = 500;

/** The `update_history` table. */
@Injectable()
export class UpdateHistoryRepository {
  constructor(
    @InjectRepository(UpdateHistoryEntity)
    private readonly repo: Repository<UpdateHistoryEntity>,
    /** This replica: it owns the entries it records (absent in unit tests). */
    @Optional() @Inject(REPLICA_ID) private readonly replicaId?: string,
    /** Inserts and saves go through the group commit; every other statement runs after what was queued. */
    @Optional()
    @Inject(GROUP_WRITES)
    private readonly writes: GroupWrites | null = null,
  ) {}

  async insert(entry: UpdateHistoryEntity): Promise<void> {
    const row = {
      ...entry,
      ownerReplica: entry.ownerReplica ?? this.replicaId ?? null,
    };
    if (this.writes) await this.writes.insert(UpdateHistoryEntity, row);
    else await this.repo.insert(row);
  }

  /**
   * Takes a pending entry over from `from` (a dead replica; null: nobody recorded) for `to`: one conditional
   * UPDATE, so that of two replicas trying only one wins, and never once the entry has a result.
   */
  async claim(id: string, from: string | null, to: string): Promise<boolean> {
    await this.writes?.flush();
    const updated = await this.repo.update(
      {
        id,
        result: 'pending',
        ownerReplica: from === null ? IsNull() : from,
      },
      { ownerReplica: to },
    );
    return (updated.affected ?? 0) > 0;
  }

  /** The pending entries the replica owned (newest first, at most `limit`). */
  async pendingOwnedBy(
    owner: string,
    limit: number,
  ): Promise<UpdateHistoryEntity[]> {
    await this.writes?.flush();
    return this.repo.find({
      where: { result: 'pending', ownerReplica: owner },
      order: { requestedAt: 'DESC', id: 'DESC' },
      take: limit,
    });
  }

  /** Inserts or replaces the entry in one statement (`save` would SELECT it first). */
  async save(entry: UpdateHistoryEntity): Promise<void> {
    if (this.writes)
      await this.writes.upsert(UpdateHistoryEntity, entry, ['id']);
    else await this.repo.upsert(entry, ['id']);
  }

  async findById(id: string): Promise<UpdateHistoryEntity | null> {
    await this.writes?.flush();
    return this.repo.findOneBy({ id });
  }

  /** The entries of these ids that exist, by id (a few hundred ids a statement). */
  async findByIds(
    ids: readonly string[],
  ): Promise<Map<string, UpdateHistoryEntity>> {
    await this.writes?.flush();
    const found = new Map<string, UpdateHistoryEntity>();
    for (let at = 0; at < ids.length; at += IDS_PER_STATEMENT)
      for (const row of await this.repo.findBy({
        id: In(ids.slice(at, at + IDS_PER_STATEMENT)),
      }))
        found.set(row.id, row);
    return found;
  }

  /** Newest first. */
  async page(
    carId: string,
    page: number,
    pageSize: number,
  ): Promise<{ items: UpdateHistoryEntity[]; total: number }> {
    await this.writes?.flush();
    const [items, total] = await this.repo.findAndCount({
      where: { carId },
      order: { requestedAt: 'DESC', id: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items, total };
  }

  /** Entries still `pending` (the newest first, at most `limit`): deployments that never recorded an end. */
  async pending(limit: number): Promise<UpdateHistoryEntity[]> {
    await this.writes?.flush();
    return this.repo.find({
      where: { result: 'pending' },
      order: { requestedAt: 'DESC', id: 'DESC' },
      take: limit,
    });
  }

  /** The car's latest entries, newest first (at most `limit`). */
  async recent(carId: string, limit: number): Promise<UpdateHistoryEntity[]> {
    await this.writes?.flush();
    return this.repo.find({
      where: { carId },
      order: { requestedAt: 'DESC', id: 'DESC' },
      take: limit,
    });
  }
}
