import { Injectable, Logger } from '@nestjs/common';
import { AUDIT_LOGIN } from '@fleet/shared/contracts';
import type { Role } from '@fleet/shared/contracts';
import type { Response } from 'express';
import type { AuthenticatedRequest } from '../auth/authenticated-request';
import { Clock } from '../common/clock';
import { correlationIdOf } from '../common/correlation-id';
import { AuditRepository, NewAuditEntry } from './audit.repository';
import { describeBody } from './mask-secrets';

/** Writes not yet finished; beyond this, entries are dropped (and logged) rather than piling up. */
export const MAX_PENDING_WRITES = 1000;
const WATCHED = Symbol('audit-watched');
const RESULT = Symbol('audit-result');

type WatchedRequest = AuthenticatedRequest & {
  [WATCHED]?: true;
  [RESULT]?: unknown;
};

export function isStateChanging(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
}

/** Records state-changing requests once their response is done, whatever the outcome. */
@Injectable()
export class AuditTrail {
  private readonly logger = new Logger(AuditTrail.name);
  private pending = 0;

  constructor(
    private readonly repository: AuditRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * Idempotent: the entry is written once, when the response is finished or the client went away. Called by the
   * global guard for every state-changing request, before it decides, so refused ones are recorded too. The
   * object a successful request answers with (what the framework hands `res.json`) names what a POST created.
   */
  watch(req: AuthenticatedRequest, res: Response, action?: string): void {
    const watched = req as WatchedRequest;
    if (watched[WATCHED]) return;
    watched[WATCHED] = true;
    const at = this.clock.nowIso();
    const json = res.json;
    res.json = function (this: Response, body?: unknown) {
      if (res.statusCode < 400) watched[RESULT] = body;
      return json.call(this, body);
    };
    res.once('close', () => {
      const statusCode = res.writableFinished ? res.statusCode : 499;
      void this.record(entryFor(watched, { at, action, statusCode }));
    });
  }

  async record(entry: NewAuditEntry): Promise<void> {
    if (this.pending >= MAX_PENDING_WRITES) {
      this.logger.error(
        `audit entry dropped (${this.pending} writes pending): ${entry.action} by ${entry.actor} -> ${entry.statusCode}`,
      );
      return;
    }
    this.pending++;
    try {
      await this.repository.append(entry);
    } catch (error) {
      this.logger.error(
        `audit entry not written: ${entry.action} by ${entry.actor}: ${(error as Error).message}`,
      );
    } finally {
      this.pending--;
    }
  }
}

function entryFor(
  req: WatchedRequest,
  done: { at: string; action?: string; statusCode: number },
): NewAuditEntry {
  const method = req.method.toUpperCase();
  const route = routeOf(req);
  const action = done.action ?? `${method} ${route}`;
  const result = req[RESULT];
  const login = action === AUDIT_LOGIN;
  return {
    at: done.at,
    actor: clip(
      req.user?.username ??
        (login ? stringField(req.body, 'username') : undefined) ??
        'anonymous',
      80,
    ),
    role: req.user?.role ?? (login ? roleOf(result) : null),
    action: clip(action, 160),
    method,
    path: clip(req.originalUrl.split('?')[0], 512),
    targetId: targetOf(req, result, login),
    ip: clip(req.ip ?? req.socket?.remoteAddress ?? 'unknown', 64),
    statusCode: done.statusCode,
    correlationId: correlationIdOf(req),
    details: describeBody(req.body),
  };
}

function routeOf(req: WatchedRequest): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  return typeof pattern === 'string' ? pattern : req.path;
}

function targetOf(
  req: WatchedRequest,
  result: unknown,
  login: boolean,
): string | null {
  if (login) return null;
  const fromParams = Object.values(req.params ?? {}).find(
    (v): v is string => typeof v === 'string' && v.length > 0,
  );
  const fromResult =
    stringField(result, 'id') ??
    stringField(result, 'username') ??
    stringField(result, 'name') ??
    stringField((result as { metadata?: unknown })?.metadata, 'name');
  const target = fromParams ?? fromResult;
  return target === undefined ? null : clip(target, 256);
}

function roleOf(result: unknown): Role | null {
  const user = (result as { user?: { role?: Role } } | undefined)?.user;
  const roles = (result as { roles?: Role[] } | undefined)?.roles;
  return user?.role ?? roles?.[0] ?? null;
}

function stringField(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === 'string' ? field : undefined;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max);
}
