import type { AuditEntryEntity } from '../audit-entry.entity';
import {
  AuditFilter,
  AuditRepository,
  NewAuditEntry,
} from '../audit.repository';

export class InMemoryAuditRepository extends AuditRepository {
  readonly rows: AuditEntryEntity[] = [];
  /** Set to make the next appends fail. */
  failing = false;

  constructor() {
    super(undefined as never, undefined as never);
  }

  override async onModuleInit(): Promise<void> {
    return undefined;
  }

  override async append(entry: NewAuditEntry): Promise<void> {
    if (this.failing) throw new Error('disk full');
    this.rows.push({ id: this.rows.length + 1, ...entry });
  }

  override async find(
    filter: AuditFilter,
  ): Promise<{ items: AuditEntryEntity[]; total: number }> {
    const matching = this.rows
      .filter((r) => !filter.actor || r.actor === filter.actor)
      .filter((r) => !filter.action || r.action.startsWith(filter.action))
      .reverse();
    const start = (filter.page - 1) * filter.pageSize;
    return {
      items: matching.slice(start, start + filter.pageSize),
      total: matching.length,
    };
  }
}
