import { HttpErrorResponse, type HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, throwError } from 'rxjs';
import { LOGIN_PATH } from './auth-api';
import { AuthSession } from './auth-session';

/** Same-origin requests only: the token never leaves for another host. */
const isSameOrigin = (url: string) => url.startsWith('/') && !url.startsWith('//');

/** Adds `Authorization: Bearer <token>` to API calls; a 401 ends the session and returns to the login page. */
export const authInterceptor: HttpInterceptorFn = (req, next) => {
  const session = inject(AuthSession);
  const isLogin = req.url.endsWith(LOGIN_PATH);
  const token = session.token();
  const request =
    token && !isLogin && isSameOrigin(req.url) ? req.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : req;
  return next(request).pipe(
    catchError((error: unknown) => {
      if (error instanceof HttpErrorResponse && error.status === 401 && !isLogin && isSameOrigin(req.url)) session.expire();
      return throwError(() => error);
    }),
  );
};
