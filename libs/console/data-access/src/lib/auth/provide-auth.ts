import { effect, inject, provideEnvironmentInitializer, type EnvironmentProviders, type Provider } from '@angular/core';
import { RealtimeClient } from '../realtime/realtime-client';
import { REALTIME_AUTH } from '../realtime/realtime-socket';
import { AuthSession } from './auth-session';

/**
 * Ties the realtime socket to the session: it connects with `auth: {token}` while someone is signed in,
 * disconnects on logout, and a refused handshake (401) ends the session. Add `authInterceptor` to HttpClient too.
 */
export function provideConsoleAuth(): (Provider | EnvironmentProviders)[] {
  return [
    {
      provide: REALTIME_AUTH,
      useFactory: () => {
        const session = inject(AuthSession);
        return () => {
          const token = session.token();
          return token ? { token } : {};
        };
      },
    },
    provideEnvironmentInitializer(() => {
      const session = inject(AuthSession);
      const realtime = inject(RealtimeClient);
      effect(() => (session.isAuthenticated() ? realtime.connect() : realtime.disconnect()));
      realtime.unauthorized$.subscribe(() => session.expire());
    }),
  ];
}
