import { HttpErrorResponse } from '@angular/common/http';
import type { ApiError } from '@fleet/shared/contracts';

export const API_UNREACHABLE = 'API unreachable';

/** True when the request never reached the API (network error, proxy without upstream). */
export function isApiUnreachable(error: unknown): boolean {
  return error instanceof HttpErrorResponse && (error.status === 0 || error.status === 502 || error.status === 503);
}

function isApiError(body: unknown): body is ApiError {
  return typeof body === 'object' && body !== null && 'statusCode' in body && 'message' in body;
}

/** A one-line message for a snack bar, from the API's `{statusCode, message, correlationId}` body. */
export function apiErrorMessage(error: unknown): string {
  if (isApiUnreachable(error)) return API_UNREACHABLE;
  if (error instanceof HttpErrorResponse) {
    if (isApiError(error.error)) {
      const message = Array.isArray(error.error.message) ? error.error.message.join('; ') : error.error.message;
      return error.error.correlationId ? `${message} (ref ${error.error.correlationId})` : message;
    }
    return `${error.status} ${error.statusText || 'request failed'}`;
  }
  if (error instanceof Error) return error.message;
  return 'Unexpected error';
}
