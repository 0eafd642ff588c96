import { InjectionToken } from '@angular/core';

/** Base URL of the REST API; the console is served from the same origin (dev: proxied). */
export const API_BASE_URL = new InjectionToken<string>('API_BASE_URL', {
  providedIn: 'root',
  factory: () => '/api',
});
