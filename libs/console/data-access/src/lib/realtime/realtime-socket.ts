import { InjectionToken } from '@angular/core';
import type { ClientToServerListeners, ServerToClientListeners } from '@fleet/shared/contracts';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';

/** The console's socket, typed with the contracts' event map. */
export type RealtimeSocket = Socket<ServerToClientListeners, ClientToServerListeners>;

export type RealtimeSocketOptions = Partial<ManagerOptions & SocketOptions>;

export type SocketFactory = (options: RealtimeSocketOptions) => RealtimeSocket;

/** Creates the socket; tests replace it with a fake. */
export const SOCKET_FACTORY = new InjectionToken<SocketFactory>('SOCKET_FACTORY', {
  providedIn: 'root',
  factory: () => (options) => io(options),
});

/**
 * The handshake `auth` payload, read on every (re)connect. This is the one place to add the
 * gateway's token once it requires one: provide `{ provide: REALTIME_AUTH, useValue: () => ({ token }) }`.
 */
export const REALTIME_AUTH = new InjectionToken<() => Record<string, string>>('REALTIME_AUTH', {
  providedIn: 'root',
  factory: () => () => ({}),
});
