import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { AuditEntryEntity } from './audit-entry.entity';
import { appendOnlyStatements } from './append-only';

export interface AuditFilter {
  actor?: string;
  /** Prefix of the action. */
  action?: string;
  /** ISO-8601, inclusive. */
  from?: string;
  /** ISO-8601, exclusive. */
  to?: string;
  page: number;
  pageSize: number;
}

export type NewAuditEntry = Omit<AuditEntryEntity, 'id'>;

/** The `audit_log` table: append and read only; the database itself refuses changes. */
@Injectable()
export class AuditRepository implements OnModuleInit {
  constructor(
    @InjectRepository(AuditEntryEntity)
    private readonly repo: Repository<AuditEntryEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async onModuleInit(): Promise<void> {
    const type = this.dataSource.options.type;
    for (const sql of appendOnlyStatements(type))
      await this.dataSource.query(sql);
  }

  async append(entry: NewAuditEntry): Promise<void> {
    await this.repo.insert(entry);
  }

  /** Newest first. */
  async find(
    filter: AuditFilter,
  ): Promise<{ items: AuditEntryEntity[]; total: number }> {
    const query = this.repo.createQueryBuilder('audit');
    if (filter.actor) query.andWhere('audit.actor = :actor', filter);
    if (filter.action)
      query.andWhere("audit.action LIKE :prefix ESCAPE '\\'", {
        prefix: `${escapeLike(filter.action)}%`,
      });
    if (filter.from) query.andWhere('audit.at >= :from', filter);
    if (filter.to) query.andWhere('audit.at < :to', filter);
    const [items, total] = await query
      .orderBy('audit.id', 'DESC')
      .skip((filter.page - 1) * filter.pageSize)
      .take(filter.pageSize)
      .getManyAndCount();
    return { items, total };
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
