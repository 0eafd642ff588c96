import { Logger } from '@nestjs/common';
import { AppConfigService } from '../config/app-config.service';
import { appConfig, authSettings } from '../../testing/factories';
import { FakeClock } from '../../testing/fake-clock';
import { DEFAULT_ADMIN, FirstAdmin } from './first-admin';
import { verifySecret } from './secret-hash';
import { InMemoryUsersRepository, userRow } from './testing/in-memory-auth';
import { DuplicateUserError } from './users.repository';
import type { AuthSettings } from '../config/app-config';

function setup(auth: Partial<AuthSettings> = {}) {
  const users = new InMemoryUsersRepository();
  const config = new AppConfigService(appConfig({ auth: authSettings(auth) }));
  const firstAdmin = new FirstAdmin(users, config, new FakeClock());
  const warn = jest
    .spyOn(Logger.prototype, 'warn')
    .mockImplementation(() => undefined);
  const log = jest
    .spyOn(Logger.prototype, 'log')
    .mockImplementation(() => undefined);
  return { users, firstAdmin, warn, log };
}

describe(FirstAdmin.name, () => {
  afterEach(() => jest.restoreAllMocks());

  it('creates the admin from ADMIN_USERNAME/ADMIN_PASSWORD and never logs the password', async () => {
    const { users, firstAdmin, warn, log } = setup({
      adminUsername: 'root',
      adminPassword: 'root-password-1',
    });

    await firstAdmin.onModuleInit();

    const root = users.rows.get('root');
    expect(root?.role).toBe('admin');
    expect(
      await verifySecret('root-password-1', root?.passwordHash ?? ''),
    ).toBe(true);
    const logged = JSON.stringify([...warn.mock.calls, ...log.mock.calls]);
    expect(logged).not.toContain('root-password-1');
  });

  it('without settings, creates `admin` with a random password it logs exactly once', async () => {
    const { users, firstAdmin, warn } = setup();

    await firstAdmin.onModuleInit();
    await firstAdmin.onModuleInit();

    expect(warn).toHaveBeenCalledTimes(1);
    const password = /with the password (\S+) /.exec(
      String(warn.mock.calls[0][0]),
    )?.[1];
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const admin = users.rows.get(DEFAULT_ADMIN);
    expect(await verifySecret(password ?? '', admin?.passwordHash ?? '')).toBe(
      true,
    );
  });

  it('leaves the users alone when an admin exists', async () => {
    const { users, firstAdmin } = setup({
      adminUsername: 'root',
      adminPassword: 'root-password-1',
    });
    await users.insert(await userRow({ username: 'boss', role: 'admin' }));

    await firstAdmin.onModuleInit();

    expect([...users.rows.keys()]).toEqual(['boss']);
  });

  it('when no admin is left, makes the named user admin again with the new password and ends its sessions', async () => {
    const { users, firstAdmin } = setup({
      adminUsername: 'root',
      adminPassword: 'root-password-1',
    });
    await users.insert(
      await userRow({ username: 'root', role: 'viewer', sessionVersion: 3 }),
    );

    await firstAdmin.onModuleInit();

    expect(users.rows.get('root')).toMatchObject({
      role: 'admin',
      sessionVersion: 4,
    });
  });

  it('another instance inserted the first admin meanwhile: not an error, and its row (and sessions) stay', async () => {
    const { users, firstAdmin, warn } = setup({
      adminUsername: 'root',
      adminPassword: 'root-password-1',
    });
    const theirs = await userRow({
      username: 'root',
      role: 'admin',
      sessionVersion: 1,
    });
    jest.spyOn(users, 'insert').mockImplementation(async () => {
      users.rows.set('root', theirs);
      throw new DuplicateUserError('user root exists');
    });

    await expect(firstAdmin.onModuleInit()).resolves.toBeUndefined();
    expect(users.rows.get('root')).toBe(theirs);
    expect(warn).not.toHaveBeenCalled();
  });

  it('another instance made the named user admin between the count and the read: left as it is', async () => {
    const { users, firstAdmin } = setup({
      adminUsername: 'root',
      adminPassword: 'root-password-1',
    });
    const theirs = await userRow({
      username: 'root',
      role: 'admin',
      sessionVersion: 1,
    });
    jest.spyOn(users, 'countByRole').mockResolvedValueOnce(0);
    users.rows.set('root', theirs);
    const save = jest.spyOn(users, 'save');

    await firstAdmin.onModuleInit();
    expect(save).not.toHaveBeenCalled();
    expect(users.rows.get('root')?.sessionVersion).toBe(1);
  });

  it('a failed write with no admin stored is still an error', async () => {
    const { users, firstAdmin } = setup({ adminUsername: 'root' });
    jest.spyOn(users, 'insert').mockRejectedValue(new Error('database down'));

    await expect(firstAdmin.onModuleInit()).rejects.toThrow('database down');
  });
});
