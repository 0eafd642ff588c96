import {
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { Observable, tap } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/authenticated-request';
import { AUDIT_ACTION } from './audit-action';
import { AuditTrail, isStateChanging } from './audit-trail';

/**
 * Puts every state-changing HTTP request on the audit trail, with the final status code (success or failure),
 * and keeps the handler's result to name the object a POST created. The global guard also watches the
 * requests it refuses, which never reach an interceptor.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly audit: AuditTrail,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const req = http.getRequest<AuthenticatedRequest>();
    if (!isStateChanging(req.method)) return next.handle();
    this.audit.watch(
      req,
      http.getResponse<Response>(),
      auditActionOf(this.reflector, context),
    );
    return next
      .handle()
      .pipe(tap((result: unknown) => this.audit.noteResult(req, result)));
  }
}

export function auditActionOf(
  reflector: Reflector,
  context: ExecutionContext,
): string | undefined {
  return reflector.getAllAndOverride<string | undefined>(AUDIT_ACTION, [
    context.getHandler(),
    context.getClass(),
  ]);
}
