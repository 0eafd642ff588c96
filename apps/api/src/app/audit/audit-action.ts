import { SetMetadata } from '@nestjs/common';

export const AUDIT_ACTION = 'audit:action';

/** Names the action in the audit trail instead of `<METHOD> <route>` (e.g. `auth.login`). */
export const AuditAction = (action: string) =>
  SetMetadata(AUDIT_ACTION, action);
