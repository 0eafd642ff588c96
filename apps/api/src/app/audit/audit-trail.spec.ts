import { Logger } from '@nestjs/common';
import { FakeClock } from '../../testing/fake-clock';
import { flush, httpContext } from '../auth/testing/http-context';
import { AuditTrail, isStateChanging, MAX_PENDING_WRITES } from './audit-trail';
import type { NewAuditEntry } from './audit.repository';
import { InMemoryAuditRepository } from './testing/in-memory-audit';

class Controller {
  handle(): string {
    return 'handle';
  }
}

function entry(overrides: Partial<NewAuditEntry> = {}): NewAuditEntry {
  return {
    at: '2026-01-01T00:00:00.000Z',
    actor: 'ada',
    role: 'operator',
    action: 'POST /api/cars',
    method: 'POST',
    path: '/api/cars',
    targetId: null,
    ip: '127.0.0.1',
    statusCode: 201,
    correlationId: 'c',
    details: null,
    ...overrides,
  };
}

describe(AuditTrail.name, () => {
  let error: jest.SpyInstance;
  beforeEach(() => {
    error = jest
      .spyOn(Logger.prototype, 'error')
      .mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('writes one entry per request however often it is watched', async () => {
    const audit = new InMemoryAuditRepository();
    const trail = new AuditTrail(audit, new FakeClock());
    const { req, res } = httpContext({
      method: 'POST',
      controller: Controller,
      handler: 'handle',
    });

    trail.watch(req as never, res as never);
    trail.watch(req as never, res as never, 'other');
    res.finish(201);
    await flush();

    expect(audit.rows).toHaveLength(1);
  });

  it('logs a failed write instead of failing the request', async () => {
    const audit = new InMemoryAuditRepository();
    audit.failing = true;

    await expect(
      new AuditTrail(audit, new FakeClock()).record(entry()),
    ).resolves.toBeUndefined();
    expect(error).toHaveBeenCalledWith(
      expect.stringContaining('audit entry not written'),
    );
  });

  it('drops entries (loudly) rather than queue without bound when the database stalls', async () => {
    const audit = new InMemoryAuditRepository();
    let release!: () => void;
    const stalled = new Promise<void>((resolve) => (release = resolve));
    jest.spyOn(audit, 'append').mockImplementation(() => stalled);
    const trail = new AuditTrail(audit, new FakeClock());

    const writes = Array.from({ length: MAX_PENDING_WRITES + 2 }, () =>
      trail.record(entry()),
    );
    release();
    await Promise.all(writes);

    expect(audit.append).toHaveBeenCalledTimes(MAX_PENDING_WRITES);
    expect(error).toHaveBeenCalledTimes(2);
  });
});

describe(isStateChanging.name, () => {
  it('counts everything but GET, HEAD and OPTIONS', () => {
    expect(
      ['POST', 'PUT', 'PATCH', 'DELETE', 'delete'].every(isStateChanging),
    ).toBe(true);
    expect(['GET', 'HEAD', 'OPTIONS', 'get'].some(isStateChanging)).toBe(false);
  });
});
