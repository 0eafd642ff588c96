import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditRepository, NewAuditEntry } from './audit.repository';

function entry(overrides: Partial<NewAuditEntry> = {}): NewAuditEntry {
  return {
    at: '2026-01-01T10:00:00.000Z',
    actor: 'ada',
    role: 'operator',
    action: 'POST /api/cars',
    method: 'POST',
    path: '/api/cars',
    targetId: 'c1',
    ip: '127.0.0.1',
    statusCode: 201,
    correlationId: 'corr',
    details: null,
    ...overrides,
  };
}

/** A real SQLite file: the triggers and the LIKE escaping are the database's business. */
describe(AuditRepository.name, () => {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-audit-'));
  let dataSource: DataSource;
  let repository: AuditRepository;

  beforeAll(async () => {
    dataSource = new DataSource({
      type: 'better-sqlite3',
      database: join(dir, 'audit.sqlite'),
      entities: [AuditEntryEntity],
      synchronize: true,
    });
    await dataSource.initialize();
    repository = new AuditRepository(
      dataSource.getRepository(AuditEntryEntity),
      dataSource,
    );
    await repository.onModuleInit();
    await repository.onModuleInit(); // idempotent, as at every start
    await repository.append(entry());
    await repository.append(
      entry({
        at: '2026-01-01T11:00:00.000Z',
        actor: 'bob',
        action: 'DELETE /api/cars/:id',
        method: 'DELETE',
      }),
    );
    await repository.append(
      entry({
        at: '2026-01-01T12:00:00.000Z',
        action: 'auth.login',
        method: 'POST',
        statusCode: 401,
      }),
    );
    await repository.append(
      entry({
        at: '2026-01-01T13:00:00.000Z',
        action: 'POST /api/cars_batch%',
      }),
    );
  });

  afterAll(async () => {
    await dataSource?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const actionsOf = async (filter: Parameters<AuditRepository['find']>[0]) =>
    (await repository.find(filter)).items.map((e) => `${e.id} ${e.action}`);

  it('lists newest first, paged, with the total', async () => {
    const page = await repository.find({ page: 2, pageSize: 3 });

    expect(page.total).toBe(4);
    expect(page.items.map((e) => e.id)).toEqual([1]);
    expect(await actionsOf({ page: 1, pageSize: 2 })).toEqual([
      '4 POST /api/cars_batch%',
      '3 auth.login',
    ]);
  });

  it('filters by actor, by action prefix (wildcards taken literally) and by time', async () => {
    expect(await actionsOf({ actor: 'bob', page: 1, pageSize: 10 })).toEqual([
      '2 DELETE /api/cars/:id',
    ]);
    expect(await actionsOf({ action: 'POST', page: 1, pageSize: 10 })).toEqual([
      '4 POST /api/cars_batch%',
      '1 POST /api/cars',
    ]);
    expect(
      await actionsOf({ action: 'POST /api/cars_', page: 1, pageSize: 10 }),
    ).toEqual(['4 POST /api/cars_batch%']);
    expect(await actionsOf({ action: '%', page: 1, pageSize: 10 })).toEqual([]);
    expect(
      await actionsOf({
        from: '2026-01-01T11:00:00.000Z',
        to: '2026-01-01T13:00:00.000Z',
        page: 1,
        pageSize: 10,
      }),
    ).toEqual(['3 auth.login', '2 DELETE /api/cars/:id']);
  });

  it('cannot be changed: the database refuses UPDATE and DELETE', async () => {
    await expect(
      dataSource.query("UPDATE audit_log SET actor = 'mallory'"),
    ).rejects.toThrow(/append-only/);
    await expect(dataSource.query('DELETE FROM audit_log')).rejects.toThrow(
      /append-only/,
    );
    await expect(
      dataSource.getRepository(AuditEntryEntity).delete({ id: 1 }),
    ).rejects.toThrow(/append-only/);

    expect((await repository.find({ page: 1, pageSize: 10 })).total).toBe(4);
  });
});
