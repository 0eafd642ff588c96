import { HttpErrorResponse } from '@angular/common/http';
import { apiErrorMessage, isApiUnreachable } from './api-error';

describe('apiErrorMessage', () => {
  const response = (status: number, error: unknown) => new HttpErrorResponse({ status, error, statusText: 'Err' });

  it('joins validation messages and names the correlation id', () => {
    const error = response(400, { statusCode: 400, message: ['count must be <= 100', 'region bad'], correlationId: 'c-1' });
    expect(apiErrorMessage(error)).toBe('count must be <= 100; region bad (ref c-1)');
  });

  it('says the API is unreachable when nothing answered', () => {
    expect(isApiUnreachable(response(0, null))).toBe(true);
    expect(apiErrorMessage(response(0, null))).toBe('API unreachable');
  });

  it('falls back to the status for bodies that are not ApiError', () => {
    expect(apiErrorMessage(response(500, 'boom'))).toBe('500 Err');
    expect(apiErrorMessage(new Error('plain'))).toBe('plain');
  });
});
