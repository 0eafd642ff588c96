import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Response } from 'express';

/**
 * Symphony's `State.String()` for the states its HTTP binding maps to statuses (coa/pkg/apis/v1alpha2/
 * types.go; 403 is its `Unauthorized`). 401 comes from its JWT middleware.
 */
const STATE_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Error',
};

/**
 * An error Symphony answers with a JSON `{"result": "<status> - <text>"}` body instead of text (e.g. the
 * summary query without `instance`, or a method a route does not take).
 */
export class SymphonyResultError extends HttpException {
  constructor(status: number, text: string) {
    super({ result: `${status} - ${text}` }, status);
  }
}

/** The lines of an exception's message (Nest puts validation messages in a list). */
function messageOf(exception: unknown): string {
  if (!(exception instanceof HttpException))
    return exception instanceof Error ? exception.message : String(exception);
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.map(String).join('\n');
  return typeof message === 'string' ? message : exception.message;
}

/** The text Symphony's REST API answers for an error: `COAError.Error()`, `<state>: <message>`. */
export function symphonyErrorBody(status: number, message: string): string {
  const state = STATE_TEXT[status] ?? STATE_TEXT[500];
  return message ? `${state}: ${message}` : state;
}

/**
 * Errors of the `/v1alpha2` routes the way Symphony's HTTP binding writes them: the COA state's HTTP
 * status and a plain-text body (`Not Found: instance x not found`), not the JSON shape of `/api`.
 */
@Catch()
export class SymphonyErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(SymphonyErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const status =
      exception instanceof HttpException
        ? exception.getStatus()
        : HttpStatus.INTERNAL_SERVER_ERROR;
    const message = messageOf(exception);
    if (status >= 500)
      this.logger.error(
        `symphony REST error: ${message}`,
        exception instanceof Error ? exception.stack : undefined,
      );
    if (response.headersSent) return;
    if (exception instanceof HttpException) {
      const retryAfter = (exception.getResponse() as { retryAfter?: unknown })
        ?.retryAfter;
      if (typeof retryAfter === 'number')
        response.setHeader('Retry-After', String(retryAfter));
    }
    if (exception instanceof SymphonyResultError) {
      response.status(status).json(exception.getResponse());
      return;
    }
    response
      .status(status)
      .type('text/plain; charset=utf-8')
      .send(symphonyErrorBody(status, message));
  }
}
