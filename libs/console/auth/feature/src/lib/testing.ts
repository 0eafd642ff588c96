import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import type { EnvironmentProviders, Provider } from '@angular/core';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter } from '@angular/router';
import { aLoginResponse, MemoryStorage, SESSION_KEY, SESSION_STORAGE } from '@fleet/console/data-access';
import type { Role } from '@fleet/shared/contracts';

/** Fake HTTP backend, a signed-in user of `role`, no animations. */
export function adminTestProviders(role: Role = 'admin', username = 'ada'): (Provider | EnvironmentProviders)[] {
  const storage = new MemoryStorage();
  storage.setItem(SESSION_KEY, JSON.stringify(aLoginResponse(role, username)));
  return [
    provideHttpClient(),
    provideHttpClientTesting(),
    provideRouter([]),
    { provide: SESSION_STORAGE, useValue: storage },
    { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
  ];
}
