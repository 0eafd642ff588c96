import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import type { EnvironmentProviders, Provider } from '@angular/core';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter, type Route } from '@angular/router';
import {
  aLoginResponse,
  MemoryStorage,
  RealtimeClient,
  SESSION_KEY,
  SESSION_STORAGE,
  SOCKET_FACTORY,
  type FakeRealtimeSocket,
} from '@fleet/console/data-access';
import type { Page, Role } from '@fleet/shared/contracts';
import { TestBed } from '@angular/core/testing';

/** Providers for page tests: fake HTTP backend, fake socket, `username` signed in with `role`, no animations. */
export function pageTestProviders(
  socket: FakeRealtimeSocket,
  role: Role = 'operator',
  username = 'olga',
  routes: Route[] = [],
): (Provider | EnvironmentProviders)[] {
  const storage = new MemoryStorage();
  storage.setItem(SESSION_KEY, JSON.stringify(aLoginResponse(role, username)));
  return [
    { provide: SESSION_STORAGE, useValue: storage },
    provideHttpClient(),
    provideHttpClientTesting(),
    provideRouter(routes),
    { provide: SOCKET_FACTORY, useValue: socket.factory },
    { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
  ];
}

/** Opens the fake socket, so that server events reach the stores. */
export function connectSocket(socket: FakeRealtimeSocket): void {
  TestBed.inject(RealtimeClient).connect();
  socket.fire('connect');
}

/** A page of the API's list shape (`GET /api/rollouts`, `GET /api/rollouts/:id/cars`). */
export function pageOf<T>(items: T[], total = items.length, page = 1, pageSize = 50): Page<T> {
  return { items, total, page, pageSize };
}
