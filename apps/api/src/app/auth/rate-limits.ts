import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import type { Principal } from '@fleet/shared/contracts';
import type { Response } from 'express';
import { Clock } from '../common/clock';
import { AppConfigService } from '../config/app-config.service';
import { TokenBucketLimiter } from './token-bucket';

const MAX_KEYS = 10_000;

/** The login limit (per client address and username) and the write limit (per user or API key). */
@Injectable()
export class RateLimits {
  private readonly logins: TokenBucketLimiter;
  private readonly writes: TokenBucketLimiter;

  constructor(config: AppConfigService, clock: Clock) {
    const { loginRateLimitPerMinute, writeRateLimitPerMinute } =
      config.get('auth');
    this.logins = new TokenBucketLimiter(
      {
        capacity: loginRateLimitPerMinute,
        perMinute: loginRateLimitPerMinute,
        maxKeys: MAX_KEYS,
      },
      clock,
    );
    this.writes = new TokenBucketLimiter(
      {
        capacity: writeRateLimitPerMinute,
        perMinute: writeRateLimitPerMinute,
        maxKeys: MAX_KEYS,
      },
      clock,
    );
  }

  /** Throws 429 with Retry-After when this address tried this username too often. */
  enforceLogin(ip: string, username: string, res: Response): void {
    enforce(this.logins, `${ip}|${username}`, res, 'Too many login attempts');
  }

  enforceWrite(principal: Principal, res: Response): void {
    const who = principal.keyId
      ? `key:${principal.keyId}`
      : `user:${principal.username}`;
    enforce(this.writes, who, res, 'Too many requests');
  }
}

function enforce(
  limiter: TokenBucketLimiter,
  key: string,
  res: Response,
  what: string,
): void {
  const result = limiter.take(key);
  if (result.allowed) return;
  res.setHeader('Retry-After', String(result.retryAfterSeconds));
  throw new HttpException(
    `${what}; retry in ${result.retryAfterSeconds} s`,
    HttpStatus.TOO_MANY_REQUESTS,
  );
}
