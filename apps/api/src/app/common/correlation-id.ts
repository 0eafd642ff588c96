import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export const CORRELATION_HEADER = 'x-correlation-id';
const ACCEPTED_ID = /^[A-Za-z0-9._-]{1,64}$/;

export type RequestWithCorrelation = Request & { correlationId?: string };

/** Takes the caller's correlation id when it looks sane, else makes one; echoes it in the response. */
export function correlationIdMiddleware(
  req: RequestWithCorrelation,
  res: Response,
  next: NextFunction,
): void {
  const given = req.header(CORRELATION_HEADER);
  const id = given && ACCEPTED_ID.test(given) ? given : randomUUID();
  req.correlationId = id;
  res.setHeader(CORRELATION_HEADER, id);
  next();
}

export function correlationIdOf(req: RequestWithCorrelation): string {
  return req.correlationId ?? randomUUID();
}
