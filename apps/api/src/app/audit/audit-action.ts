import { ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';

export const AUDIT_ACTION = 'audit:action';

/** Names the action in the audit trail instead of `<METHOD> <route>` (e.g. `auth.login`). */
export const AuditAction = (action: string) =>
  SetMetadata(AUDIT_ACTION, action);

/** The handler's (or its controller's) `@AuditAction`, if any. */
export function auditActionOf(
  reflector: Reflector,
  context: ExecutionContext,
): string | undefined {
  return reflector.getAllAndOverride<string | undefined>(AUDIT_ACTION, [
    context.getHandler(),
    context.getClass(),
  ]);
}
