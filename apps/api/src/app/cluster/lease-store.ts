import type { DataSource } from 'typeorm';
import { LeaseEntity } from './lease.entity';

export interface LeaseRecord {
  name: string;
  holder: string;
  expiresAt: number;
  epoch: number;
}

/**
 * The lease table, with compare-and-set writes only: one conditional UPDATE (the holder renews, anybody takes
 * an expired lease) or one INSERT that does nothing on conflict (the very first take). Both are single
 * statements, so two replicas racing on SQLite or PostgreSQL can never both win.
 */
export class LeaseStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Takes or renews `name` for `holder` until `expiresAt` when it is free, expired or already theirs. */
  async acquire(
    name: string,
    holder: string,
    now: number,
    expiresAt: number,
  ): Promise<boolean> {
    const updated = await this.dataSource
      .createQueryBuilder()
      .update(LeaseEntity)
      .set({
        holder,
        expiresAt,
        epoch: () => `epoch + (CASE WHEN holder = :holder THEN 0 ELSE 1 END)`,
      })
      .where('name = :name AND (holder = :holder OR expires_at < :now)', {
        name,
        holder,
        now,
      })
      .execute();
    if ((updated.affected ?? 0) > 0) return this.holds(name, holder, expiresAt);
    await this.insertIfAbsent(name, holder, expiresAt);
    return this.holds(name, holder, expiresAt);
  }

  /** Takes `name` whoever holds it (a single replica at start: the previous holder was this process's predecessor). */
  async seize(
    name: string,
    holder: string,
    expiresAt: number,
  ): Promise<boolean> {
    await this.dataSource
      .createQueryBuilder()
      .update(LeaseEntity)
      .set({
        holder,
        expiresAt,
        epoch: () => `epoch + (CASE WHEN holder = :holder THEN 0 ELSE 1 END)`,
      })
      .where('name = :name', { name, holder })
      .execute();
    await this.insertIfAbsent(name, holder, expiresAt);
    return this.holds(name, holder, expiresAt);
  }

  /** Gives `name` up if `holder` has it, so that another replica takes it at once. */
  async release(name: string, holder: string): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .update(LeaseEntity)
      .set({ holder: '', expiresAt: 0 })
      .where('name = :name AND holder = :holder', { name, holder })
      .execute();
  }

  async read(name: string): Promise<LeaseRecord | null> {
    return this.dataSource.getRepository(LeaseEntity).findOneBy({ name });
  }

  private async insertIfAbsent(
    name: string,
    holder: string,
    expiresAt: number,
  ): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(LeaseEntity)
      .values({ name, holder, expiresAt, epoch: 1 })
      .orIgnore()
      .execute();
  }

  private async holds(
    name: string,
    holder: string,
    expiresAt: number,
  ): Promise<boolean> {
    const row = await this.read(name);
    return row?.holder === holder && row.expiresAt === expiresAt;
  }
}
