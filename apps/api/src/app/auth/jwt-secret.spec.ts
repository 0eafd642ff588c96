import { InMemoryMetaRepository } from '../../testing/in-memory-repositories';
import { META_JWT_SECRET, resolveJwtSecret } from './jwt-secret';

const logger = { log: jest.fn() };

describe(resolveJwtSecret.name, () => {
  it('uses JWT_SECRET when set and stores nothing', async () => {
    const meta = new InMemoryMetaRepository();

    expect(await resolveJwtSecret('s'.repeat(32), meta, logger)).toBe(
      's'.repeat(32),
    );
    expect(meta.values.size).toBe(0);
  });

  it('generates a random secret once and finds it again after a restart', async () => {
    const meta = new InMemoryMetaRepository();

    const first = await resolveJwtSecret(null, meta, logger);
    const afterRestart = await resolveJwtSecret(null, meta, logger);

    expect(first).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(afterRestart).toBe(first);
    expect(meta.values.get(META_JWT_SECRET)).toBe(first);
    expect(
      await resolveJwtSecret(null, new InMemoryMetaRepository(), logger),
    ).not.toBe(first);
  });

  it('two instances starting at once on an empty table sign with the same secret', async () => {
    const meta = new InMemoryMetaRepository();

    const [a, b] = await Promise.all([
      resolveJwtSecret(null, meta, logger),
      resolveJwtSecret(null, meta, logger),
    ]);

    expect(a).toBe(b);
    expect(meta.values.get(META_JWT_SECRET)).toBe(a);
  });
});
