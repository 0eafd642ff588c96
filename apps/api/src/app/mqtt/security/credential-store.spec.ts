import { MqttCredentialStore } from './credential-store';
import { hashSecret, newSecret, verifySecret } from './password-hash';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe(MqttCredentialStore.name, () => {
  it('accepts the secret it was given and nothing else', async () => {
    const store = new MqttCredentialStore();
    store.set('car-a', 'secret-a');

    expect(await store.verify('car-a', bytes('secret-a'))).toBe(true);
    expect(await store.verify('car-a', bytes('secret-b'))).toBe(false);
    expect(await store.verify('car-a', undefined)).toBe(false);
    expect(await store.verify('car-a', bytes(''))).toBe(false);
    expect(await store.verify('car-b', bytes('secret-a'))).toBe(false);
  });

  it('replaces a secret at once and forgets a removed user', async () => {
    const store = new MqttCredentialStore();
    store.set('car-a', 'old');
    store.set('car-a', 'new');

    expect(await store.verify('car-a', bytes('old'))).toBe(false);
    expect(await store.verify('car-a', bytes('new'))).toBe(true);
    store.remove('car-a');
    expect(store.has('car-a')).toBe(false);
    expect(await store.verify('car-a', bytes('new'))).toBe(false);
  });
});

describe('secret hashing', () => {
  it('keeps only a salted scrypt hash and verifies against it', async () => {
    const secret = newSecret();
    const first = await hashSecret(secret);
    const second = await hashSecret(secret);

    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(first).not.toContain(secret);
    expect(first).not.toBe(second);
    expect(await verifySecret(secret, first)).toBe(true);
    expect(await verifySecret(`${secret}x`, first)).toBe(false);
    expect(await verifySecret(secret, 'md5$abc')).toBe(false);
  });

  it('keeps a generated (256-bit random) secret as a salted SHA-256 hash, cheap to check for 10,000 cars', async () => {
    const secret = newSecret();
    const first = await hashSecret(secret, 'generated');
    const second = await hashSecret(secret, 'generated');

    expect(first).toMatch(/^sha256\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(first).not.toContain(secret);
    expect(first).not.toBe(second);
    expect(await verifySecret(secret, first)).toBe(true);
    expect(await verifySecret(`${secret}x`, first)).toBe(false);
    expect(await verifySecret(secret, 'sha256$$')).toBe(false);
  });

  it('the store checks generated and chosen secrets alike', async () => {
    const store = new MqttCredentialStore();
    const generated = newSecret();
    store.set('car-a', generated, 'generated');
    store.set('fleet-api', 'a chosen password');

    expect(await store.verify('car-a', bytes(generated))).toBe(true);
    expect(await store.verify('car-a', bytes('a chosen password'))).toBe(false);
    expect(await store.verify('fleet-api', bytes('a chosen password'))).toBe(
      true,
    );
  });
});
