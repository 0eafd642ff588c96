import type { Route } from '@angular/router';
import { SymphonyPage } from './symphony-page/symphony-page';

/** Mount under `symphony`. */
export const symphonyRoutes: Route[] = [{ path: '', component: SymphonyPage, title: 'Symphony · Fleet OTA console' }];
