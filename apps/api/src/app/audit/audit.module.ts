import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditController } from './audit.controller';
import { AuditInterceptor } from './audit.interceptor';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';
import { AuditTrail } from './audit-trail';

/** The append-only audit trail of state-changing requests and logins. */
@Module({
  controllers: [AuditController],
  exports: [AuditInterceptor, AuditTrail],
  imports: [TypeOrmModule.forFeature([AuditEntryEntity])],
  providers: [AuditInterceptor, AuditRepository, AuditService, AuditTrail],
})
export class AuditModule {}
