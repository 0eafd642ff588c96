import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { ApiError } from '@fleet/shared/contracts';
import type { Response } from 'express';
import { correlationIdOf, RequestWithCorrelation } from './correlation-id';

/** The one HTTP error shape: `{statusCode, message, error?, correlationId}`; stacks stay in the log. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(ApiExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') {
      this.logger.error(
        `unhandled ${host.getType()} error: ${describe(exception)}`,
      );
      return;
    }
    const http = host.switchToHttp();
    const req = http.getRequest<RequestWithCorrelation>();
    const res = http.getResponse<Response>();
    const body = toApiError(exception, correlationIdOf(req));
    const line = `${req.method} ${req.originalUrl} -> ${body.statusCode} ${JSON.stringify(body.message)} correlationId=${body.correlationId}`;
    if (body.statusCode >= 500)
      this.logger.error(
        line,
        exception instanceof Error ? exception.stack : undefined,
      );
    else this.logger.warn(line);
    if (!res.headersSent) res.status(body.statusCode).json(body);
  }
}

export function toApiError(
  exception: unknown,
  correlationId: string,
): ApiError {
  if (!(exception instanceof HttpException)) {
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      message: 'Internal server error',
      correlationId,
    };
  }
  const statusCode = exception.getStatus();
  const response = exception.getResponse();
  if (typeof response === 'string')
    return { statusCode, message: response, correlationId };
  const { message, error } = response as { message?: unknown; error?: unknown };
  return {
    statusCode,
    message: isMessage(message) ? message : exception.message,
    ...(typeof error === 'string' ? { error } : {}),
    correlationId,
  };
}

function isMessage(value: unknown): value is string | string[] {
  return (
    typeof value === 'string' ||
    (Array.isArray(value) && value.every((v) => typeof v === 'string'))
  );
}

function describe(exception: unknown): string {
  return exception instanceof Error ? exception.message : String(exception);
}
