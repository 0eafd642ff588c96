import { isRole, roleAtLeast, ROLES, USERNAME_PATTERN } from './roles';

describe(roleAtLeast.name, () => {
  it.each([
    ['viewer', 'viewer', true],
    ['viewer', 'operator', false],
    ['viewer', 'admin', false],
    ['operator', 'viewer', true],
    ['operator', 'operator', true],
    ['operator', 'admin', false],
    ['admin', 'viewer', true],
    ['admin', 'operator', true],
    ['admin', 'admin', true],
  ] as const)('%s has what %s needs: %s', (role, needed, expected) => {
    expect(roleAtLeast(role, needed)).toBe(expected);
  });
});

describe(isRole.name, () => {
  it('accepts the three roles and nothing else', () => {
    expect(ROLES.every(isRole)).toBe(true);
    expect(['root', 'Admin', '', 3, null].some(isRole)).toBe(false);
  });
});

describe('USERNAME_PATTERN', () => {
  it('takes lower-case names and refuses others', () => {
    expect(['admin', 'ops.team-1', 'a_b'].every((n) => USERNAME_PATTERN.test(n))).toBe(true);
    expect(['A', 'Admin', '-x', 'x y', 'a'.repeat(65)].some((n) => USERNAME_PATTERN.test(n))).toBe(false);
  });
});
