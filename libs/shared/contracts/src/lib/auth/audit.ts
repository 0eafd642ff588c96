import type { Role } from './roles';

/** Actions besides `<METHOD> <route>`. */
export const AUDIT_LOGIN = 'auth.login';

/** One state-changing request (or login attempt), as the append-only audit trail keeps it. */
export interface AuditEntry {
  id: number;
  /** ISO-8601. */
  at: string;
  /** The username or API key name; for a failed login, the name that was tried; `anonymous` without credentials. */
  actor: string;
  /** The actor's role at the time; null when not authenticated. */
  role: Role | null;
  /** `auth.login`, or `<METHOD> <route pattern>` such as `DELETE /api/cars/:id`. */
  action: string;
  method: string;
  /** The path as requested, without the query. */
  path: string;
  /** The car, user, key or object acted on, when there is one. */
  targetId: string | null;
  ip: string;
  statusCode: number;
  correlationId: string;
  /** The request body with passwords, keys and tokens masked; cut to 2 kB. */
  details: string | null;
}
