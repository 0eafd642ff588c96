import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import type { EnvironmentProviders, Provider } from '@angular/core';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter } from '@angular/router';
import {
  aLoginResponse,
  MemoryStorage,
  SESSION_KEY,
  SESSION_STORAGE,
  SOCKET_FACTORY,
  type FakeRealtimeSocket,
} from '@fleet/console/data-access';
import type { Role } from '@fleet/shared/contracts';

/** Providers for page tests: fake HTTP backend, fake socket, a signed-in user of `role`, no animations. */
export function pageTestProviders(socket: FakeRealtimeSocket, role: Role = 'operator'): (Provider | EnvironmentProviders)[] {
  const storage = new MemoryStorage();
  storage.setItem(SESSION_KEY, JSON.stringify(aLoginResponse(role, 'olga')));
  return [
    { provide: SESSION_STORAGE, useValue: storage },
    provideHttpClient(),
    provideHttpClientTesting(),
    provideRouter([]),
    { provide: SOCKET_FACTORY, useValue: socket.factory },
    { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
  ];
}

/** The virtual scroll viewport renders rows after a macrotask. */
export async function settle(fixture: { whenStable(): Promise<unknown> }): Promise<void> {
  await fixture.whenStable();
  await new Promise((resolve) => setTimeout(resolve));
  await fixture.whenStable();
}
