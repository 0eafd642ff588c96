import { FakeClock } from '../../testing/fake-clock';
import { TokenBucketLimiter, TokenBucketOptions } from './token-bucket';

function setup(options: Partial<TokenBucketOptions> = {}) {
  const clock = new FakeClock();
  const limiter = new TokenBucketLimiter(
    { capacity: 3, perMinute: 3, maxKeys: 100, ...options },
    clock,
  );
  const takeN = (key: string, n: number) =>
    Array.from({ length: n }, () => limiter.take(key).allowed);
  return { clock, limiter, takeN };
}

describe(TokenBucketLimiter.name, () => {
  it('allows a burst up to the capacity, then refuses with the seconds until the next token', () => {
    const { limiter, takeN } = setup();

    expect(takeN('ip|ada', 3)).toEqual([true, true, true]);
    expect(limiter.take('ip|ada')).toEqual({
      allowed: false,
      retryAfterSeconds: 20,
    });
  });

  it('refills continuously at the rate per minute, never beyond the capacity', () => {
    const { clock, limiter, takeN } = setup();
    takeN('k', 3);

    clock.advance(20_000);
    expect(takeN('k', 2)).toEqual([true, false]);

    clock.advance(10 * 60_000);
    expect(takeN('k', 4)).toEqual([true, true, true, false]);
    expect(limiter.take('k')).toMatchObject({ allowed: false });
  });

  it('keeps one bucket per key', () => {
    const { takeN } = setup({ capacity: 1 });

    expect(takeN('a', 2)).toEqual([true, false]);
    expect(takeN('b', 1)).toEqual([true]);
  });

  it('forgets the least recently used key beyond maxKeys, so memory stays bounded', () => {
    const { limiter, takeN } = setup({ capacity: 1, maxKeys: 2 });
    takeN('a', 1);
    takeN('b', 1);
    takeN('a', 1);

    takeN('c', 1);

    expect(limiter.size).toBe(2);
    // 'b' was the least recently used: forgotten, so it starts with a full bucket again.
    expect(takeN('b', 1)).toEqual([true]);
    expect(limiter.size).toBe(2);
  });

  it('rounds Retry-After up to at least one second', () => {
    const { limiter, takeN } = setup({ capacity: 1, perMinute: 600 });
    takeN('k', 1);

    expect(limiter.take('k')).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });
});
