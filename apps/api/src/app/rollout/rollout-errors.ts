import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  HttpException,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { RolloutError } from './engine/errors';

/** The engine's refusals as HTTP answers: 404, 409, 403, 400, 503. */
export function toHttpError(error: unknown): unknown {
  if (!(error instanceof RolloutError)) return error;
  const byKind: Record<RolloutError['kind'], (m: string) => HttpException> = {
    'not-found': (m) => new NotFoundException(m),
    conflict: (m) => new ConflictException(m),
    forbidden: (m) => new ForbiddenException(m),
    invalid: (m) => new BadRequestException(m),
    busy: (m) => new ServiceUnavailableException(m),
  };
  return byKind[error.kind](error.message);
}

export async function httpErrors<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw toHttpError(error);
  }
}
