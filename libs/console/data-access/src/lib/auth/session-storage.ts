import { InjectionToken } from '@angular/core';

/** Where the session survives a reload: the tab's sessionStorage (gone when the tab closes). Tests swap it. */
export const SESSION_STORAGE = new InjectionToken<Storage | null>('SESSION_STORAGE', {
  providedIn: 'root',
  factory: () => (typeof sessionStorage === 'undefined' ? null : sessionStorage),
});

export const SESSION_KEY = 'fleet.session';
