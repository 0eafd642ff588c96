import { inject } from '@angular/core';
import { Router, type CanActivateFn } from '@angular/router';
import type { Role } from '@fleet/shared/contracts';
import { AuthSession, LOGIN_ROUTE } from './auth-session';

export const HOME_ROUTE = '/cars';

/** Signed in, or off to the login page with the way back. */
export const authGuard: CanActivateFn = (_route, state) =>
  inject(AuthSession).isAuthenticated() ||
  inject(Router).createUrlTree([LOGIN_ROUTE], { queryParams: { returnUrl: state.url } });

/** The login page is for signed-out users only. */
export const guestGuard: CanActivateFn = () =>
  !inject(AuthSession).isAuthenticated() || inject(Router).parseUrl(HOME_ROUTE);

/** At least `role`; others land on the home page (the API would answer 403 anyway). */
export function roleGuard(role: Role): CanActivateFn {
  return () => inject(AuthSession).can(role) || inject(Router).parseUrl(HOME_ROUTE);
}
