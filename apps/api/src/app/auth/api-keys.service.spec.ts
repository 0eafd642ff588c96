import { ConflictException, NotFoundException } from '@nestjs/common';
import { ApiKeysService } from './api-keys.service';
import { authHarness } from './testing/auth-harness';

describe(ApiKeysService.name, () => {
  it('creates `fk_<id>_<secret>`, shown once, and keeps only a hash of the secret', async () => {
    const { apiKeys, keyRows, clock } = await authHarness();

    const created = await apiKeys.create(
      { name: 'nightly', role: 'operator' },
      'root',
    );

    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{12}$/),
      name: 'nightly',
      role: 'operator',
      createdBy: 'root',
      createdAt: clock.nowIso(),
      lastUsedAt: null,
      key: expect.stringMatching(/^fk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/),
    });
    expect(created.key.startsWith(`fk_${created.id}_`)).toBe(true);
    const row = keyRows.rows.get(created.id);
    const secret = created.key.slice(`fk_${created.id}_`.length);
    expect(row?.secretHash).toMatch(/^scrypt\$16384\$/);
    expect(JSON.stringify(row)).not.toContain(secret);
  });

  it('lists keys without the keys themselves', async () => {
    const { apiKeys } = await authHarness();
    await apiKeys.create({ name: 'nightly', role: 'viewer' }, 'root');

    const [listed] = await apiKeys.list();

    expect(listed).toMatchObject({ name: 'nightly', role: 'viewer' });
    expect(listed).not.toHaveProperty('key');
    expect(listed).not.toHaveProperty('secretHash');
  });

  it('refuses a second key of the same name with 409', async () => {
    const { apiKeys } = await authHarness();
    await apiKeys.create({ name: 'nightly', role: 'viewer' }, 'root');

    await expect(
      apiKeys.create({ name: 'nightly', role: 'admin' }, 'root'),
    ).rejects.toThrow(ConflictException);
  });

  it('notes when a key was last used, at most once a minute', async () => {
    const { apiKeys, keyRows, clock } = await authHarness();
    const { key, id } = await apiKeys.create(
      { name: 'nightly', role: 'viewer' },
      'root',
    );

    await apiKeys.authenticate(key);
    const first = keyRows.rows.get(id)?.lastUsedAt;
    clock.advance(30_000);
    await apiKeys.authenticate(key);
    expect(keyRows.rows.get(id)?.lastUsedAt).toBe(first);
    clock.advance(30_000);
    await apiKeys.authenticate(key);

    expect(first).toBe('2026-01-01T00:00:00.000Z');
    expect(keyRows.rows.get(id)?.lastUsedAt).toBe('2026-01-01T00:01:00.000Z');
  });

  it('still refuses a wrong secret for a key that was verified before', async () => {
    const { apiKeys } = await authHarness();
    const { key } = await apiKeys.create(
      { name: 'nightly', role: 'viewer' },
      'root',
    );
    await apiKeys.authenticate(key);
    const wrong = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;

    expect(await apiKeys.authenticate(wrong)).toBeNull();
    expect(await apiKeys.authenticate(key)).not.toBeNull();
  });

  it('revokes a key at once, and answers 404 for an unknown one', async () => {
    const { apiKeys } = await authHarness();
    const { key, id } = await apiKeys.create(
      { name: 'nightly', role: 'viewer' },
      'root',
    );
    await apiKeys.authenticate(key);

    await apiKeys.remove(id);

    expect(await apiKeys.authenticate(key)).toBeNull();
    await expect(apiKeys.remove(id)).rejects.toThrow(NotFoundException);
  });

  it.each(['', 'fk_', 'fk_xyz_abc', 'eyJhbGciOiJIUzI1NiJ9.e30.x'])(
    'ignores the malformed key %p',
    async (key) => {
      const { apiKeys } = await authHarness();

      expect(await apiKeys.authenticate(key)).toBeNull();
    },
  );
});
