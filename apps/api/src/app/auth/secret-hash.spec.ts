import {
  API_KEY_COST,
  hashSecret,
  PASSWORD_COST,
  verifySecret,
} from './secret-hash';

/** Cheap parameters keep most tests fast; one test uses the real cost. */
const FAST = { N: 2 ** 10, r: 8, p: 1 };

describe(hashSecret.name, () => {
  it('stores scrypt with its parameters, a salt and the hash, never the secret', async () => {
    const stored = await hashSecret('correct horse battery', PASSWORD_COST);

    expect(stored).toMatch(
      /^scrypt\$65536\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/,
    );
    expect(stored).not.toContain('correct horse battery');
    expect(await verifySecret('correct horse battery', stored)).toBe(true);
  });

  it('salts every hash: the same secret twice gives two different strings', async () => {
    const a = await hashSecret('same secret', FAST);
    const b = await hashSecret('same secret', FAST);

    expect(a).not.toBe(b);
    expect(await verifySecret('same secret', a)).toBe(true);
    expect(await verifySecret('same secret', b)).toBe(true);
  });

  it('uses a lower cost for API keys', async () => {
    expect(await hashSecret('k', API_KEY_COST)).toMatch(/^scrypt\$16384\$/);
  });
});

describe(verifySecret.name, () => {
  it('rejects a wrong secret, including one differing only in case or a trailing space', async () => {
    const stored = await hashSecret('Secret-123', FAST);

    expect(await verifySecret('secret-123', stored)).toBe(false);
    expect(await verifySecret('Secret-123 ', stored)).toBe(false);
    expect(await verifySecret('', stored)).toBe(false);
  });

  it('treats composed and decomposed unicode alike', async () => {
    const stored = await hashSecret('Caf\u00e9-password', FAST);

    expect(await verifySecret('Cafe\u0301-password', stored)).toBe(true);
  });

  it.each([
    ['an empty string', ''],
    ['a plain text password', 'Secret-123'],
    ['another scheme', '$2b$10$abcdefghijklmnopqrstuv'],
    [
      'N not a power of two',
      'scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA$' + 'A'.repeat(43),
    ],
    [
      'a cost beyond the memory cap',
      'scrypt$16777216$8$1$AAAAAAAAAAAAAAAAAAAAAA$' + 'A'.repeat(43),
    ],
  ])('rejects %s as the stored value', async (_name, stored) => {
    expect(await verifySecret('Secret-123', stored)).toBe(false);
  });
});
