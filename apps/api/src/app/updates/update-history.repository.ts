import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { UpdateHistoryEntity } from './update-history.entity';

/** The `update_history` table. */
@Injectable()
export class UpdateHistoryRepository {
  constructor(
    @InjectRepository(UpdateHistoryEntity)
    private readonly repo: Repository<UpdateHistoryEntity>,
  ) {}

  async insert(entry: UpdateHistoryEntity): Promise<void> {
    await this.repo.insert(entry);
  }

  /** Inserts or replaces the entry in one statement (`save` would SELECT it first). */
  async save(entry: UpdateHistoryEntity): Promise<void> {
    await this.repo.upsert(entry, ['id']);
  }

  findById(id: string): Promise<UpdateHistoryEntity | null> {
    return this.repo.findOneBy({ id });
  }

  /** Newest first. */
  async page(
    carId: string,
    page: number,
    pageSize: number,
  ): Promise<{ items: UpdateHistoryEntity[]; total: number }> {
    const [items, total] = await this.repo.findAndCount({
      where: { carId },
      order: { requestedAt: 'DESC', id: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items, total };
  }

  /** Entries still `pending` (the newest first, at most `limit`): deployments that never recorded an end. */
  pending(limit: number): Promise<UpdateHistoryEntity[]> {
    return this.repo.find({
      where: { result: 'pending' },
      order: { requestedAt: 'DESC', id: 'DESC' },
      take: limit,
    });
  }

  /** The car's latest entries, newest first (at most `limit`). */
  recent(carId: string, limit: number): Promise<UpdateHistoryEntity[]> {
    return this.repo.find({
      where: { carId },
      order: { requestedAt: 'DESC', id: 'DESC' },
      take: limit,
    });
  }
}
