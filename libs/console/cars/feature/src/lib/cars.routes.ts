import type { Route } from '@angular/router';
import { CarDetailPage } from './car-detail/car-detail-page';
import { CarsPage } from './cars-page/cars-page';

/** Mount under `cars`; the detail page reads `:id` through component input binding (`withComponentInputBinding`). */
export const carsRoutes: Route[] = [
  { path: '', component: CarsPage, title: 'Cars · Fleet OTA console' },
  { path: ':id', component: CarDetailPage, title: 'Car · Fleet OTA console' },
];
