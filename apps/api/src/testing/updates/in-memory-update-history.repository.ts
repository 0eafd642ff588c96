import type { UpdateHistoryEntity } from '../../app/updates/update-history.entity';
import { UpdateHistoryRepository } from '../../app/updates/update-history.repository';

export class InMemoryUpdateHistoryRepository extends UpdateHistoryRepository {
  readonly rows = new Map<string, UpdateHistoryEntity>();

  constructor() {
    super(undefined as never);
  }

  override async insert(entry: UpdateHistoryEntity): Promise<void> {
    if (this.rows.has(entry.id)) throw new Error(`duplicate ${entry.id}`);
    this.rows.set(entry.id, structuredClone(entry));
  }

  override async save(entry: UpdateHistoryEntity): Promise<void> {
    this.rows.set(entry.id, structuredClone(entry));
  }

  override async findById(id: string): Promise<UpdateHistoryEntity | null> {
    const row = this.rows.get(id);
    return row ? structuredClone(row) : null;
  }

  override async findByIds(
    ids: readonly string[],
  ): Promise<Map<string, UpdateHistoryEntity>> {
    const found = new Map<string, UpdateHistoryEntity>();
    for (const id of ids) {
      const row = this.rows.get(id);
      if (row) found.set(id, structuredClone(row));
    }
    return found;
  }

  override async page(carId: string, page: number, pageSize: number) {
    const all = this.newestFirst(carId);
    return {
      items: all.slice((page - 1) * pageSize, page * pageSize),
      total: all.length,
    };
  }

  override async recent(
    carId: string,
    limit: number,
  ): Promise<UpdateHistoryEntity[]> {
    return this.newestFirst(carId).slice(0, limit);
  }

  override async pending(limit: number): Promise<UpdateHistoryEntity[]> {
    return [...this.rows.values()]
      .filter((r) => r.result === 'pending')
      .sort((a, b) => b.requestedAt.localeCompare(a.requestedAt))
      .slice(0, limit)
      .map((r) => structuredClone(r));
  }

  override async claim(
    id: string,
    from: string | null,
    to: string,
  ): Promise<boolean> {
    const row = this.rows.get(id);
    if (!row || row.result !== 'pending' || (row.ownerReplica ?? null) !== from)
      return false;
    row.ownerReplica = to;
    return true;
  }

  override async pendingOwnedBy(
    owner: string,
    limit: number,
  ): Promise<UpdateHistoryEntity[]> {
    return (await this.pending(Number.MAX_SAFE_INTEGER))
      .filter((r) => r.ownerReplica === owner)
      .slice(0, limit);
  }

  private newestFirst(carId: string): UpdateHistoryEntity[] {
    return [...this.rows.values()]
      .filter((r) => r.carId === carId)
      .sort(
        (a, b) =>
          b.requestedAt.localeCompare(a.requestedAt) ||
          b.id.localeCompare(a.id),
      )
      .map((r) => structuredClone(r));
  }
}
