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
    return this;
  }

  disconnect(): this {
    this.fire('disconnect', 'io client disconnect');
    return this;
  }

  /** Simulates a server event. */
  serverSends<E extends ServerEventName>(event: E, payload: ServerEvents[E]): void {
    this.fire(event, payload);
  }

  fire(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(...args);
  }

  listenerCount(event: string): number {
    return this.listeners.get(event)?.size ?? 0;
  }
}
