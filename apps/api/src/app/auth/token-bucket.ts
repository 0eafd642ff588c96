import type { Clock } from '../common/clock';

export interface TokenBucketOptions {
  /** Burst size: the bucket starts full. */
  capacity: number;
  /** Tokens added per minute, continuously. */
  perMinute: number;
  /** Keys remembered at most; past it the least recently used key is forgotten. */
  maxKeys: number;
}

export type TakeResult =
  | { allowed: true }
  | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

/** A token bucket per key (client address, user), in a bounded map. */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly options: TokenBucketOptions,
    private readonly clock: Pick<Clock, 'now'>,
  ) {}

  take(key: string): TakeResult {
    const now = this.clock.now().getTime();
    const bucket = this.refilled(key, now);
    // Re-inserting keeps the map in least-recently-used order.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    this.evictBeyondLimit();
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    const msPerToken = 60_000 / this.options.perMinute;
    return {
      allowed: false,
      retryAfterSeconds: Math.max(
        1,
        Math.ceil(((1 - bucket.tokens) * msPerToken) / 1000),
      ),
    };
  }

  get size(): number {
    return this.buckets.size;
  }

  private refilled(key: string, now: number): Bucket {
    const bucket = this.buckets.get(key);
    if (!bucket) return { tokens: this.options.capacity, at: now };
    const gained = ((now - bucket.at) / 60_000) * this.options.perMinute;
    return {
      tokens: Math.min(this.options.capacity, bucket.tokens + gained),
      at: now,
    };
  }

  private evictBeyondLimit(): void {
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= this.options.maxKeys) return;
      this.buckets.delete(key);
    }
  }
}
