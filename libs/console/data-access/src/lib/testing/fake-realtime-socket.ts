import type { Ack, ServerEventName, ServerEvents } from '@fleet/shared/contracts';
import type { RealtimeSocket, RealtimeSocketOptions, SocketFactory } from '../realtime/realtime-socket';

type Listener = (...args: unknown[]) => void;

export interface EmittedEvent {
  event: string;
  payload: unknown;
}

/** Test double of the socket.io client: tests drive server events and answer acknowledgements. */
export class FakeRealtimeSocket {
  readonly emitted: EmittedEvent[] = [];
  options: RealtimeSocketOptions | null = null;
  ackWith: Ack | null = { ok: true };
  /** socket.io's `active`: it is connecting or connected, or will retry by itself. */
  active = false;
  connected = false;
  connectCalls = 0;
  private readonly listeners = new Map<string, Set<Listener>>();

  readonly factory: SocketFactory = (options) => {
    this.options = options;
    return this as unknown as RealtimeSocket;
  };

  on(event: string, listener: Listener): this {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)?.add(listener);
    return this;
  }

  off(event: string, listener: Listener): this {
    this.listeners.get(event)?.delete(listener);
    return this;
  }

  timeout(): this {
    return this;
  }

  emit(event: string, payload: unknown, ack?: (error: Error | null, value?: Ack) => void): this {
    this.emitted.push({ event, payload });
    if (ack && this.ackWith) ack(null, this.ackWith);
    return this;
  }

  connect(): this {
    this.connectCalls++;
    this.active = true;
    return this;
  }

  disconnect(): this {
    const was = this.connected;
    this.active = false;
    this.connected = false;
    if (was) this.fire('disconnect', 'io client disconnect');
    return this;
  }

  /** The gateway's middleware refuses the handshake (socket.io then stops trying). */
  refuse(statusCode: number, message = 'Authentication required'): void {
    this.active = false;
    this.fire('connect_error', Object.assign(new Error(message), { data: { statusCode, message } }));
  }

  /** Simulates a server event. */
  serverSends<E extends ServerEventName>(event: E, payload: ServerEvents[E]): void {
    this.fire(event, payload);
  }

  fire(event: string, ...args: unknown[]): void {
    if (event === 'connect') this.connected = this.active = true;
    if (event === 'disconnect') this.connected = false;
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(...args);
  }

  listenerCount(event: string): number {
    return this.listeners.get(event)?.size ?? 0;
  }
}
