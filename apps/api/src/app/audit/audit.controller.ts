import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditQueryDto } from '@fleet/shared/contracts';
import type { AuditEntry, Page } from '@fleet/shared/contracts';
import { Roles } from '../auth/decorators';
import { AuditService } from './audit.service';

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** The audit trail, newest first, paged and filtered (operator or admin). It has no update or delete. */
  @Get()
  @Roles('operator')
  listAuditEntries(@Query() query: AuditQueryDto): Promise<Page<AuditEntry>> {
    return this.audit.list(query);
  }
}
