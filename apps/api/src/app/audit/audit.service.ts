import { Injectable } from '@nestjs/common';
import { DEFAULT_PAGE_SIZE } from '@fleet/shared/contracts';
import type { AuditEntry, AuditQueryDto, Page } from '@fleet/shared/contracts';
import { AuditRepository } from './audit.repository';

@Injectable()
export class AuditService {
  constructor(private readonly repository: AuditRepository) {}

  async list(query: AuditQueryDto): Promise<Page<AuditEntry>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const { items, total } = await this.repository.find({
      actor: query.actor,
      action: query.action,
      from: query.from && new Date(query.from).toISOString(),
      to: query.to && new Date(query.to).toISOString(),
      page,
      pageSize,
    });
    return { items: items.map((row) => ({ ...row })), total, page, pageSize };
  }
}
