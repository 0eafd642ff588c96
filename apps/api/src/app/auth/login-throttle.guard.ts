import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RateLimits } from './rate-limits';

/** Limits login attempts per client address and username (the body is not validated yet here). */
@Injectable()
export class LoginThrottleGuard implements CanActivate {
  constructor(private readonly rateLimits: RateLimits) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const body: unknown = req.body;
    const given =
      typeof body === 'object' && body !== null
        ? (body as Record<string, unknown>)['username']
        : undefined;
    const username =
      typeof given === 'string' ? given.trim().toLowerCase().slice(0, 64) : '';
    this.rateLimits.enforceLogin(
      req.ip ?? 'unknown',
      username,
      http.getResponse<Response>(),
    );
    return true;
  }
}
