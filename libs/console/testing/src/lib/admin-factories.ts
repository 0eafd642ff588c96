import type { ApiKeyView, AuditEntry, Role, UserView } from '@fleet/shared/contracts';

let sequence = 0;

export function aUser(username = 'vic', role: Role = 'viewer'): UserView {
  return { username, role, createdAt: '2026-11-26T09:00:00.000Z', updatedAt: '2026-11-26T09:00:00.000Z' };
}

export function anApiKey(overrides: Partial<ApiKeyView> = {}): ApiKeyView {
  sequence++;
  return {
    id: `k${sequence}`,
    name: `job-${sequence}`,
    role: 'operator',
    createdBy: 'ada',
    createdAt: '2026-11-26T09:00:00.000Z',
    lastUsedAt: null,
    ...overrides,
  };
}

export function anAuditEntry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  sequence++;
  return {
    id: sequence,
    at: new Date(Date.UTC(2026, 10, 26, 10, 0, sequence % 60)).toISOString(),
    actor: 'ada',
    role: 'admin',
    action: 'POST /api/cars',
    method: 'POST',
    path: '/api/cars',
    targetId: null,
    ip: '127.0.0.1',
    statusCode: 201,
    correlationId: `c-${sequence}`,
    details: null,
    ...overrides,
  };
}
