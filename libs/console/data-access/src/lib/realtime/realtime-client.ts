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
export const RETRY_MS = 2_000;

type Listener = (payload: unknown) => void;

/** What the gateway's handshake middleware sends with a refusal (`connect_error`). */
type HandshakeError = Error & { data?: { statusCode?: number } };

/**
 * The one socket.io connection to the API's realtime gateway. The socket object lives as long as the app,
 * so stream subscriptions survive a logout and a new login; `connect()`/`disconnect()` only open and close it.
 */
@Injectable({ providedIn: 'root' })
export class RealtimeClient {
  private readonly createSocket = inject(SOCKET_FACTORY);
  private readonly auth = inject(REALTIME_AUTH);
  private readonly reconnects = new Subject<void>();
  private readonly refusals = new Subject<void>();
  private readonly state = signal<RealtimeStatus>('disconnected');
  private socket: RealtimeSocket | null = null;
  private wanted = false;
  private connectedBefore = false;
  private retry: ReturnType<typeof setTimeout> | undefined;

  readonly status = this.state.asReadonly();
  /** Emits after every reconnect (not the first connect): state may have been missed meanwhile. */
  readonly reconnected$ = this.reconnects.asObservable();
  /** The gateway refused the handshake's token (401): the session is over. */
  readonly unauthorized$ = this.refusals.asObservable();

  connect(): void {
    const socket = this.ensureSocket();
    this.wanted = true;
    if (socket.connected || socket.active) return;
    this.state.set('connecting');
    socket.connect();
  }

  disconnect(): void {
    this.wanted = false;
    clearTimeout(this.retry);
    this.socket?.disconnect();
    this.state.set('disconnected');
  }

  /** A stream of one server event; it flows while the socket is connected. */
  on<E extends ServerEventName>(event: E): Observable<ServerEvents[E]> {
    return new Observable<ServerEvents[E]>((subscriber) => {
      const socket = this.ensureSocket() as unknown as {
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
    // socket.io's generic emit signature cannot be narrowed per event; the public signature stays typed.
    const socket = this.ensureSocket().timeout(timeoutMs) as unknown as {
      emit(e: E, p: ClientEvents[E], ack: (error: Error | null, ack?: Ack) => void): void;
    };
    return new Promise<Ack>((resolve) => {
      socket.emit(event, payload, (error, ack) => {
        resolve(error ? { ok: false, error: error.message } : (ack ?? { ok: true }));
      });
    });
  }

  private ensureSocket(): RealtimeSocket {
    if (this.socket) return this.socket;
    const socket = this.createSocket({ path: REALTIME_PATH, autoConnect: false, auth: (cb) => cb(this.auth()) });
    socket.on('connect', () => this.onConnect());
    socket.on('connect_error', (error: HandshakeError) => this.onConnectError(error));
    socket.on('disconnect', (reason) => {
      if (!this.wanted) return;
      this.state.set('connecting');
      // The client retries by itself except after a server-side disconnect (such as the token's end).
      if (reason === 'io server disconnect') this.retryLater();
    });
    this.socket = socket;
    return socket;
  }

  private onConnect(): void {
    this.state.set('connected');
    if (this.connectedBefore) this.reconnects.next();
    this.connectedBefore = true;
  }

  private onConnectError(error: HandshakeError): void {
    if (!this.wanted) return;
    this.state.set('connecting');
    if (error.data?.statusCode === 401) {
      this.refusals.next();
      return;
    }
    // A refusal by the server's middleware leaves the socket inactive; transport errors retry by themselves.
    if (!this.socket?.active) this.retryLater();
  }

  private retryLater(): void {
    clearTimeout(this.retry);
    this.retry = setTimeout(() => {
      if (this.wanted) this.socket?.connect();
    }, RETRY_MS);
  }
}
