import { startEmbeddedBroker } from '../embedded-broker';
import type { EmbeddedBroker, LocalPacket } from '../embedded-broker';
import { brokerHooks } from '../security/broker-hooks';
import { MqttCredentialStore } from '../security/credential-store';
import { DenialLog } from '../security/denial-log';
import type {
  BrokerThreadOptions,
  Delivery,
  FromBroker,
  PortLike,
  ToBroker,
} from './protocol';

/** Deliveries sent to the main thread in one message at most. */
export const MAX_BATCH = 512;

/**
 * Deliveries the broker runs at once on this thread. Each waits for the main thread's ack (a round trip of
 * tens of ms when the API is busy), so aedes' default of 100 capped the car traffic at a few thousand messages
 * a second: at 10,000 cars the broker's queue grew until the API's own publishes and pings timed out.
 */
export const THREAD_CONCURRENCY = 5000;

/**
 * The broker thread's side: starts the embedded broker as `options` say and serves its in-process
 * subscriptions, credentials and close over `port`. Posts `ready` (or `failed`) once.
 */
export async function hostBroker(
  port: PortLike<ToBroker, FromBroker>,
  options: BrokerThreadOptions,
): Promise<BrokerHost | null> {
  const log = (level: 'warn' | 'error', message: string) =>
    port.postMessage({ type: 'log', level, message });
  try {
    const store = new MqttCredentialStore();
    const denials = new DenialLog((message) => log('warn', message));
    const broker = await startEmbeddedBroker(options.port, {
      hooks:
        options.mode === 'none'
          ? undefined
          : brokerHooks({ mode: options.mode, store, denials }),
      tls: options.tls && {
        key: Buffer.from(options.tls.key),
        cert: Buffer.from(options.tls.cert),
        ca: Buffer.from(options.tls.ca),
        requestCert: options.tls.requestCert,
      },
      warn: (message) => log('warn', message),
      concurrency: THREAD_CONCURRENCY,
    });
    const host = new BrokerHost(port, broker, store);
    host.listen();
    port.postMessage({ type: 'ready', port: broker.port, url: broker.url });
    return host;
  } catch (error) {
    port.postMessage({ type: 'failed', message: (error as Error).message });
    return null;
  }
}

/**
 * Serves one broker: a message for an in-process subscription is batched to the main thread and counts as
 * delivered only when the main thread acks it, as when the subscriber ran in the broker's own thread: aedes
 * runs at most THREAD_CONCURRENCY deliveries at once, so a main thread that falls far behind holds messages
 * back in the broker instead of letting them pile up in its message queue without bound.
 */
export class BrokerHost {
  private readonly unsubscribes = new Map<number, () => Promise<void>>();
  private readonly pending = new Map<number, () => void>();
  private outbox: Delivery[] = [];
  private flushing = false;
  private nextSeq = 0;

  constructor(
    private readonly port: PortLike<ToBroker, FromBroker>,
    private readonly broker: EmbeddedBroker,
    private readonly store: MqttCredentialStore,
  ) {}

  listen(): void {
    this.port.on('message', (message) => this.receive(message));
  }

  /** Deliveries the main thread has not acknowledged yet (tests). */
  get unacknowledged(): number {
    return this.pending.size;
  }

  private receive(message: ToBroker): void {
    switch (message.type) {
      case 'subscribe':
        return this.subscribe(message.sub, message.filter);
      case 'unsubscribe':
        return void this.unsubscribe(message.sub);
      case 'ack':
        for (const seq of message.seqs) {
          this.pending.get(seq)?.();
          this.pending.delete(seq);
        }
        return;
      case 'credential':
        if (message.secret === null) this.store.remove(message.username);
        else this.store.set(message.username, message.secret, message.origin);
        return;
      case 'close':
        return void this.close();
    }
  }

  private subscribe(sub: number, filter: string): void {
    this.broker
      .subscribeLocal(filter, (packet) => this.deliver(sub, packet))
      .then(
        (unsubscribe) => {
          this.unsubscribes.set(sub, unsubscribe);
          this.port.postMessage({ type: 'subscribed', sub });
        },
        (error: Error) =>
          this.port.postMessage({
            type: 'subscribe-failed',
            sub,
            message: error.message,
          }),
      );
  }

  private async unsubscribe(sub: number): Promise<void> {
    const unsubscribe = this.unsubscribes.get(sub);
    this.unsubscribes.delete(sub);
    await unsubscribe?.().catch(() => undefined);
    this.port.postMessage({ type: 'unsubscribed', sub });
  }

  private deliver(sub: number, packet: LocalPacket): Promise<void> {
    return new Promise<void>((resolve) => {
      const seq = ++this.nextSeq;
      this.pending.set(seq, resolve);
      this.outbox.push({
        sub,
        seq,
        topic: packet.topic,
        payload: packet.payload.toString(),
        retain: packet.retain,
        qos: packet.qos,
      });
      if (this.outbox.length >= MAX_BATCH) this.flush();
      else if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushing = false;
    if (this.outbox.length === 0) return;
    const batch = this.outbox;
    this.outbox = [];
    this.port.postMessage({ type: 'deliver', batch });
  }

  private async close(): Promise<void> {
    // Nothing will acknowledge these any more; let the broker finish them.
    for (const resolve of this.pending.values()) resolve();
    this.pending.clear();
    await this.broker.close();
    this.port.postMessage({ type: 'closed' });
  }
}
