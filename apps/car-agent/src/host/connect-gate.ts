import type { IncomingMessage, MqttTransport, PublishOptions } from '../mqtt/transport';

/** Cars of one host that may be connecting at the same time. */
export const MAX_CONNECTING = 100;
/** A car that has not connected after this long gives its slot to the next (its client keeps retrying). */
export const CONNECT_SLOT_MS = 10_000;

type Timer = ReturnType<typeof setTimeout>;

export interface GateTimers {
  setTimeout(fn: () => void, ms: number): Timer;
  clearTimeout(timer: Timer): void;
}

/**
 * Bounds how many of the host's cars open their broker connection at once. Thousands of cars added together all
 * connected at the same moment: the broker could not answer them within the 5 s CONNACK timeout, every client
 * retried a second later, and a 10,000-car host never got them all online. A car's client is created when a slot
 * is free; the slot is released at its first CONNACK (or after CONNECT_SLOT_MS). Until then the car sees an
 * offline transport (publishes answer false, as while the broker is away).
 */
export class ConnectGate {
  private readonly waiting: GatedTransport[] = [];
  private connecting = 0;

  constructor(
    private readonly max = MAX_CONNECTING,
    private readonly slotMs = CONNECT_SLOT_MS,
    private readonly timers: GateTimers = { setTimeout, clearTimeout },
  ) {}

  get queued(): number {
    return this.waiting.length;
  }

  get inFlight(): number {
    return this.connecting;
  }

  transport(create: () => MqttTransport): MqttTransport {
    const gated = new GatedTransport(create, (t) => this.cancel(t));
    this.waiting.push(gated);
    this.pump();
    return gated;
  }

  private pump(): void {
    while (this.connecting < this.max && this.waiting.length > 0) {
      const next = this.waiting.shift() as GatedTransport;
      this.connecting++;
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        this.timers.clearTimeout(timer);
        this.connecting--;
        this.pump();
      };
      const timer = this.timers.setTimeout(release, this.slotMs);
      (timer as { unref?: () => void }).unref?.();
      next.open(release);
    }
  }

  private cancel(transport: GatedTransport): void {
    const at = this.waiting.indexOf(transport);
    if (at >= 0) this.waiting.splice(at, 1);
  }
}

class GatedTransport implements MqttTransport {
  private real: MqttTransport | null = null;
  private ended = false;
  private readonly connectListeners: Array<() => void> = [];
  private readonly disconnectListeners: Array<(reason: string) => void> = [];
  private readonly messageListeners: Array<(message: IncomingMessage) => void> = [];

  constructor(
    private readonly create: () => MqttTransport,
    private readonly cancel: (transport: GatedTransport) => void,
  ) {}

  /** Creates the real client; `connected` is called on its first CONNACK. */
  open(connected: () => void): void {
    if (this.ended) return connected();
    const real = this.create();
    this.real = real;
    real.onConnect(connected);
    for (const listener of this.connectListeners) real.onConnect(listener);
    for (const listener of this.disconnectListeners) real.onDisconnect(listener);
    for (const listener of this.messageListeners) real.onMessage(listener);
  }

  get connected(): boolean {
    return this.real?.connected ?? false;
  }

  onConnect(listener: () => void): void {
    if (this.real) this.real.onConnect(listener);
    else this.connectListeners.push(listener);
  }

  onDisconnect(listener: (reason: string) => void): void {
    if (this.real) this.real.onDisconnect(listener);
    else this.disconnectListeners.push(listener);
  }

  onMessage(listener: (message: IncomingMessage) => void): void {
    if (this.real) this.real.onMessage(listener);
    else this.messageListeners.push(listener);
  }

  publish(topic: string, payload: string, options?: PublishOptions): Promise<boolean> {
    return this.real ? this.real.publish(topic, payload, options) : Promise.resolve(false);
  }

  subscribe(topics: string[]): Promise<boolean> {
    return this.real ? this.real.subscribe(topics) : Promise.resolve(false);
  }

  unsubscribe(topics: string[]): Promise<boolean> {
    return this.real ? this.real.unsubscribe(topics) : Promise.resolve(false);
  }

  async end(): Promise<void> {
    this.ended = true;
    if (this.real) return this.real.end();
    this.cancel(this);
  }
}
