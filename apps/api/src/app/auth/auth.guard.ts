import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { roleAtLeast } from '@fleet/shared/contracts';
import type { Role } from '@fleet/shared/contracts';
import type { Response } from 'express';
import { auditActionOf } from '../audit/audit-action';
import { AuditTrail, isStateChanging } from '../audit/audit-trail';
import type { AuthenticatedRequest } from './authenticated-request';
import { credentialFromHeaders, Authenticator } from './authenticator';
import { IS_PUBLIC, REQUIRED_ROLE } from './decorators';
import { RateLimits } from './rate-limits';

/** GET/HEAD need viewer, everything else operator, unless `@Roles` says otherwise. */
export function defaultRoleFor(method: string): Role {
  return isStateChanging(method) ? 'operator' : 'viewer';
}

/**
 * The global guard: every HTTP route needs a valid JWT or API key and a role, except `@Public()` ones.
 * MQTT (rpc) handlers pass untouched; WebSocket clients are checked once, when they connect.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
    private readonly rateLimits: RateLimits,
    private readonly audit: AuditTrail,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const http = context.switchToHttp();
    const req = http.getRequest<AuthenticatedRequest>();
    const res = http.getResponse<Response>();
    // Every write goes on the audit trail, refused or not (no interceptor: reads pay for none).
    if (isStateChanging(req.method))
      this.audit.watch(req, res, auditActionOf(this.reflector, context));
    if (this.metadata<boolean>(IS_PUBLIC, context)) return true;
    const { principal } = await this.authenticator
      .authenticate(credentialFromHeaders(req.headers))
      .catch((error: unknown) => {
        if (error instanceof UnauthorizedException)
          res.setHeader('WWW-Authenticate', 'Bearer');
        throw error;
      });
    req.user = principal;
    const needed =
      this.metadata<Role>(REQUIRED_ROLE, context) ?? defaultRoleFor(req.method);
    if (!roleAtLeast(principal.role, needed))
      throw new ForbiddenException(
        `This needs the ${needed} role; ${principal.username} is ${principal.role}`,
      );
    if (isStateChanging(req.method))
      this.rateLimits.enforceWrite(principal, res);
    return true;
  }

  private metadata<T>(key: string, context: ExecutionContext): T | undefined {
    return this.reflector.getAllAndOverride<T | undefined>(key, [
      context.getHandler(),
      context.getClass(),
    ]);
  }
}
