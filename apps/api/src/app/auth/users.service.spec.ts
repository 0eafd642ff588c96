import {
  BadRequestException,
  ConflictException,
  NotFoundException,
} from '@nestjs/common';
import { verifySecret } from './secret-hash';
import { authHarness } from './testing/auth-harness';
import { UsersService } from './users.service';

describe(UsersService.name, () => {
  it('creates a user with a scrypt hash of the password, and shows no hash', async () => {
    const { users, userRows, clock } = await authHarness();

    const view = await users.create({
      username: 'ada',
      password: 'correct-horse-battery',
      role: 'operator',
    });

    expect(view).toEqual({
      username: 'ada',
      role: 'operator',
      createdAt: clock.nowIso(),
      updatedAt: clock.nowIso(),
    });
    const row = userRows.rows.get('ada');
    expect(row?.passwordHash ?? '').toMatch(/^scrypt\$/);
    expect(
      await verifySecret('correct-horse-battery', row?.passwordHash ?? ''),
    ).toBe(true);
  });

  it('refuses a second user of the same name with 409', async () => {
    const { users, addUser } = await authHarness();
    await addUser({ username: 'ada' });

    await expect(
      users.create({
        username: 'ada',
        password: 'x'.repeat(12),
        role: 'viewer',
      }),
    ).rejects.toThrow(ConflictException);
  });

  it('changes the role alone without ending sessions, and a new password ends them', async () => {
    const { users, addUser, userRows } = await authHarness();
    await addUser({ username: 'ada', role: 'viewer' });

    await users.update('ada', { role: 'operator' });
    expect(userRows.rows.get('ada')).toMatchObject({
      role: 'operator',
      sessionVersion: 1,
    });

    await users.update('ada', { password: 'a-brand-new-password' });
    const row = userRows.rows.get('ada');
    expect(row?.sessionVersion).toBe(2);
    expect(
      await verifySecret('a-brand-new-password', row?.passwordHash ?? ''),
    ).toBe(true);
  });

  it('answers 400 for an empty change and 404 for an unknown user', async () => {
    const { users, addUser } = await authHarness();
    await addUser({ username: 'ada' });

    await expect(users.update('ada', {})).rejects.toThrow(BadRequestException);
    await expect(users.update('nobody', { role: 'admin' })).rejects.toThrow(
      NotFoundException,
    );
    await expect(users.remove('nobody')).rejects.toThrow(NotFoundException);
  });

  it('never demotes or deletes the last admin', async () => {
    const { users, addUser, userRows } = await authHarness();
    await addUser({ username: 'root', role: 'admin' });

    await expect(users.update('root', { role: 'operator' })).rejects.toThrow(
      new ConflictException('cannot demote root: the last admin'),
    );
    await expect(users.remove('root')).rejects.toThrow(ConflictException);

    await addUser({ username: 'second', role: 'admin' });
    await users.update('root', { role: 'operator' });
    expect(userRows.rows.get('root')?.role).toBe('operator');
  });

  it('checks a password: the user when right (name in any case), null when wrong or unknown', async () => {
    const { users, addUser } = await authHarness();
    await addUser({ username: 'ada', password: 'correct-horse-battery' });

    expect(
      (await users.checkPassword(' Ada ', 'correct-horse-battery'))?.username,
    ).toBe('ada');
    expect(
      await users.checkPassword('ada', 'Correct-horse-battery'),
    ).toBeNull();
    expect(
      await users.checkPassword('nobody', 'correct-horse-battery'),
    ).toBeNull();
  });
});
