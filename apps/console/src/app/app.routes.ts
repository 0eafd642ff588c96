import type { Route } from '@angular/router';
import { authGuard, guestGuard } from '@fleet/console/data-access';

export const appRoutes: Route[] = [
  {
    path: 'login',
    canActivate: [guestGuard],
    title: 'Sign in · Fleet OTA console',
    loadComponent: () => import('@fleet/console/auth/feature').then((m) => m.LoginPage),
  },
  {
    path: '',
    canActivateChild: [authGuard],
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'cars' },
      { path: 'cars', loadChildren: () => import('@fleet/console/cars/feature').then((m) => m.carsRoutes) },
      { path: 'rollouts', loadChildren: () => import('@fleet/console/rollouts/feature').then((m) => m.rolloutsRoutes) },
      { path: 'symphony', loadChildren: () => import('@fleet/console/symphony/feature').then((m) => m.symphonyRoutes) },
      { path: 'admin', loadChildren: () => import('@fleet/console/auth/feature').then((m) => m.adminRoutes) },
    ],
  },
  { path: '**', redirectTo: 'cars' },
];
