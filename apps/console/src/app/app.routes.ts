import type { Route } from '@angular/router';

export const appRoutes: Route[] = [
  { path: '', pathMatch: 'full', redirectTo: 'cars' },
  { path: 'cars', loadChildren: () => import('@fleet/console/cars/feature').then((m) => m.carsRoutes) },
  { path: '**', redirectTo: 'cars' },
];
