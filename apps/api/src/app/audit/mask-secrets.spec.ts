import { describeBody, maskSecrets } from './mask-secrets';

describe(maskSecrets.name, () => {
  it('masks passwords, secrets, tokens and keys by field name, at any depth', () => {
    expect(
      maskSecrets({
        username: 'ada',
        password: 'hunter2hunter2',
        nested: { newPassword: 'x', clientSecret: 'y', apiKey: 'z', key: 'k' },
        list: [{ accessToken: 't' }],
        region: 'munich',
      }),
    ).toEqual({
      username: 'ada',
      password: '***',
      nested: {
        newPassword: '***',
        clientSecret: '***',
        apiKey: '***',
        key: '***',
      },
      list: [{ accessToken: '***' }],
      region: 'munich',
    });
  });

  it('masks API keys and JWTs whatever their field is called', () => {
    expect(
      maskSecrets({
        note: 'fk_0123456789ab_c2VjcmV0',
        other: 'eyJhbGciOiJIUzI1NiJ9.e30.sig',
        plain: 'fkb is fine',
      }),
    ).toEqual({ note: '***', other: '***', plain: 'fkb is fine' });
  });

  it('leaves the original untouched', () => {
    const body = { password: 'p' };
    maskSecrets(body);
    expect(body.password).toBe('p');
  });
});

describe(describeBody.name, () => {
  it('gives masked JSON, and null for no or an empty body', () => {
    expect(describeBody({ name: 'job', password: 'p' })).toBe(
      '{"name":"job","password":"***"}',
    );
    expect(describeBody(undefined)).toBeNull();
    expect(describeBody({})).toBeNull();
  });

  it('cuts long bodies', () => {
    const text = describeBody({ data: 'x'.repeat(5000) }, 100);
    expect(text).toHaveLength(100);
    expect(text?.endsWith('…')).toBe(true);
  });
});
