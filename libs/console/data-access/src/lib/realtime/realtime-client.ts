import { Injectable, inject, signal } from '@angular/core';
import {
  REALTIME_PATH,
  type Ack,
  type ClientEventName,
  type ClientEvents,
  type ServerEventName,
  type ServerEvents,
} from '@fleet/shared/contracts';
import { Observable, Subject } from 'rxjs';
import { REALTIME_AUTH, SOCKET_FACTORY, type RealtimeSocket } from './realtime-socket';

export type RealtimeStatus = 'connecting' | 'connected' | 'disconnected';

export const ACK_TIMEOUT_MS = 5_000;
const SERVER_DISCONNECT_RETRY_MS = 2_000;

type Listener = (payload: unknown) => void;

/** The one socket.io connection to the API's realtime gateway; reconnects on its own. */
@Injectable({ providedIn: 'root' })
export class RealtimeClient {
  private readonly createSocket = inject(SOCKET_FACTORY);
  private readonly auth = inject(REALTIME_AUTH);
  private readonly reconnects = new Subject<void>();
  private readonly state = signal<RealtimeStatus>('disconnected');
  private socket: RealtimeSocket | null = null;
  private connectedBefore = false;

  readonly status = this.state.asReadonly();
  /** Emits after every reconnect (not the first connect): state may have been missed meanwhile. */
  readonly reconnected$ = this.reconnects.asObservable();

  connect(): void {
    if (this.socket) return;
    this.state.set('connecting');
    const socket = this.createSocket({ path: REALTIME_PATH, auth: (cb) => cb(this.auth()) });
    socket.on('connect', () => this.onConnect());
    socket.on('connect_error', () => this.state.set('connecting'));
    socket.on('disconnect', (reason) => {
      this.state.set('connecting');
      // The client retries by itself except after a server-side disconnect.
      if (reason === 'io server disconnect') setTimeout(() => this.socket?.connect(), SERVER_DISCONNECT_RETRY_MS);
    });
    this.socket = socket;
  }

  disconnect(): void {
    this.socket?.disconnect();
    this.socket = null;
    this.connectedBefore = false;
    this.state.set('disconnected');
  }

  /** A stream of one server event; connects on first use. */
  on<E extends ServerEventName>(event: E): Observable<ServerEvents[E]> {
    return new Observable<ServerEvents[E]>((subscriber) => {
      this.connect();
      const socket = this.socket as unknown as {
        on(e: string, l: Listener): void;
        off(e: string, l: Listener): void;
      };
      const listener: Listener = (payload) => subscriber.next(payload as ServerEvents[E]);
      socket.on(event, listener);
      return () => socket.off(event, listener);
    });
  }

  /** Emits a client event and waits for the server's acknowledgement (bounded by a timeout). */
  request<E extends ClientEventName>(event: E, payload: ClientEvents[E], timeoutMs = ACK_TIMEOUT_MS): Promise<Ack> {
    this.connect();
    // socket.io's generic emit signature cannot be narrowed per event; the public signature stays typed.
    const socket = (this.socket as RealtimeSocket).timeout(timeoutMs) as unknown as {
      emit(e: E, p: ClientEvents[E], ack: (error: Error | null, ack?: Ack) => void): void;
    };
    return new Promise<Ack>((resolve) => {
      socket.emit(event, payload, (error, ack) => {
        resolve(error ? { ok: false, error: error.message } : (ack ?? { ok: true }));
      });
    });
  }

  private onConnect(): void {
    this.state.set('connected');
    if (this.connectedBefore) this.reconnects.next();
    this.connectedBefore = true;
  }
}
