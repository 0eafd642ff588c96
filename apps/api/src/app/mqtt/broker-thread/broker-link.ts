import { Worker } from 'node:worker_threads';
import type { EmbeddedBroker, LocalPacket } from '../embedded-broker';
import type { SecretOrigin } from '../security/password-hash';
import type {
  BrokerThreadOptions,
  Delivery,
  FromBroker,
  PortLike,
  ToBroker,
} from './protocol';

/** How long start-up, a subscription and close may take. */
export const BROKER_THREAD_TIMEOUT_MS = 10_000;

/** Where the secrets of the cars go (the broker thread keeps them, hashed). */
export interface CredentialSink {
  set(username: string, secret: string, origin?: SecretOrigin): void;
  /** The secret stops working at once. */
  remove(username: string): void;
}

export interface ThreadBroker extends EmbeddedBroker {
  credentials: CredentialSink;
}

export interface BrokerThreadEvents {
  log(level: 'warn' | 'error', message: string): void;
  /** The thread ended without being closed (an uncaught error in the broker): the broker is gone. Called once. */
  failed(error: Error): void;
}

type Deliver = (packet: LocalPacket) => Promise<void>;

/**
 * Deliveries started in one turn of the event loop. A batch from the thread holds up to 512 messages; started at
 * once, their handlers ran back to back (at 10,000 cars the reports fill such batches), and an HTTP request that
 * arrived meanwhile waited for all of them. Between slices the loop serves I/O.
 */
export const DELIVERIES_PER_SLICE = 16;
/**
 * A backlog shrinks by at least this share per turn: a slice is a quarter of what waits when that is more than
 * DELIVERIES_PER_SLICE. Fixed slices of 16 fell behind a 10,000-car update (a busy turn takes tens of
 * milliseconds); deliveries not acknowledged held the broker's slots and the API's own publishes to the cars timed
 * out.
 */
export const SLICES_PER_BACKLOG = 4;

/**
 * The main thread's side of a broker running in a worker thread: the same in-process subscriptions as the
 * embedded broker offers (`subscribeLocal`), delivered in batches; each handled message is acknowledged back
 * (in batches too) so that the broker keeps its back-pressure and QoS 1 semantics.
 */
export class BrokerLink {
  private readonly handlers = new Map<number, Deliver>();
  private readonly waiting = new Map<string, (message: FromBroker) => void>();
  private acks: number[] = [];
  private ackScheduled = false;
  /** Deliveries received and not yet started (bounded by the broker's concurrency, see THREAD_CONCURRENCY). */
  private queue: Delivery[] = [];
  private queueHead = 0;
  private draining = false;
  private nextSub = 0;

  constructor(
    private readonly port: PortLike<FromBroker, ToBroker>,
    private readonly events: Pick<BrokerThreadEvents, 'log'>,
  ) {
    port.on('message', this.receive);
  }

  readonly subscribeLocal = async (
    filter: string,
    deliver: Deliver,
  ): Promise<() => Promise<void>> => {
    const sub = ++this.nextSub;
    this.handlers.set(sub, deliver);
    const answer = await this.request(`sub:${sub}`, {
      type: 'subscribe',
      sub,
      filter,
    });
    if (answer.type === 'subscribe-failed') {
      this.handlers.delete(sub);
      throw new Error(`subscribe ${filter}: ${answer.message}`);
    }
    return async () => {
      this.handlers.delete(sub);
      await this.request(`unsub:${sub}`, { type: 'unsubscribe', sub });
    };
  };

  readonly credentials: CredentialSink = {
    set: (username, secret, origin = 'chosen') =>
      this.port.postMessage({ type: 'credential', username, secret, origin }),
    remove: (username) =>
      this.port.postMessage({
        type: 'credential',
        username,
        secret: null,
        origin: 'chosen',
      }),
  };

  /** Resolves once the broker closed (or after the timeout). */
  async close(): Promise<void> {
    await this.request('closed', { type: 'close' }).catch(() => undefined);
    this.port.off('message', this.receive);
  }

  private readonly receive = (message: FromBroker): void => {
    switch (message.type) {
      case 'deliver':
        for (const d of message.batch) this.queue.push(d);
        if (!this.draining) {
          this.draining = true;
          setImmediate(this.drain);
        }
        return;
      case 'log':
        return this.events.log(message.level, message.message);
      case 'subscribed':
      case 'subscribe-failed':
        return this.answer(`sub:${message.sub}`, message);
      case 'unsubscribed':
        return this.answer(`unsub:${message.sub}`, message);
      case 'closed':
        return this.answer('closed', message);
    }
  };

  /** Starts the next slice of deliveries; the rest wait for the next turn of the loop. */
  private readonly drain = (): void => {
    const waiting = this.queue.length - this.queueHead;
    this.startQueued(
      Math.max(DELIVERIES_PER_SLICE, Math.ceil(waiting / SLICES_PER_BACKLOG)),
    );
    if (this.queueHead < this.queue.length) setImmediate(this.drain);
    else this.draining = false;
  };

  private startQueued(count: number): void {
    const end = Math.min(this.queue.length, this.queueHead + count);
    for (; this.queueHead < end; this.queueHead++)
      this.start(this.queue[this.queueHead]);
    if (this.queueHead === this.queue.length) {
      this.queue = [];
      this.queueHead = 0;
    }
  }

  private start(d: Delivery): void {
    const handler = this.handlers.get(d.sub);
    if (!handler) {
      this.ack(d.seq);
      return;
    }
    const packet = {
      topic: d.topic,
      payload: d.payload,
      retain: d.retain,
      qos: d.qos,
    };
    handler(packet).then(
      () => this.ack(d.seq),
      () => this.ack(d.seq),
    );
  }

  private ack(seq: number): void {
    this.acks.push(seq);
    if (this.ackScheduled) return;
    this.ackScheduled = true;
    setImmediate(() => {
      this.ackScheduled = false;
      const seqs = this.acks;
      this.acks = [];
      this.port.postMessage({ type: 'ack', seqs });
    });
  }

  private answer(key: string, message: FromBroker): void {
    // Deliveries the thread sent before this answer start before it (a subscription's retained messages first).
    this.startQueued(this.queue.length);
    const resolve = this.waiting.get(key);
    this.waiting.delete(key);
    resolve?.(message);
  }

  private request(key: string, message: ToBroker): Promise<FromBroker> {
    return new Promise<FromBroker>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(key);
        reject(new Error(`the broker thread did not answer ${message.type}`));
      }, BROKER_THREAD_TIMEOUT_MS);
      this.waiting.set(key, (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
      this.port.postMessage(message);
    });
  }
}

/** Starts the broker in a worker thread running `script` (the built `broker-worker.js`). */
export function startBrokerThread(
  script: string,
  options: BrokerThreadOptions,
  events: BrokerThreadEvents,
): Promise<ThreadBroker> {
  return linkBrokerWorker(new Worker(script, { workerData: options }), events);
}

/** Waits for the worker's `ready` and wraps it; a worker that fails to start is ended and the promise rejects. */
export function linkBrokerWorker(
  worker: Worker,
  events: BrokerThreadEvents,
): Promise<ThreadBroker> {
  let closing = false;
  let started = false;
  let closed: Promise<void> | null = null;
  return new Promise<ThreadBroker>((resolve, reject) => {
    // Once: a crash raises 'error' and then 'exit', and the API must be asked to stop only once.
    const fail = (error: Error) => {
      if (closing) return;
      closing = true;
      if (started) return events.failed(error);
      clearTimeout(timer);
      void worker.terminate();
      reject(error);
    };
    const timer = setTimeout(
      () => fail(new Error('the broker thread did not start in time')),
      BROKER_THREAD_TIMEOUT_MS,
    );
    worker.on('error', fail);
    let exited = false;
    worker.on('exit', (code) => {
      exited = true;
      fail(new Error(`the broker thread exited with code ${code}`));
    });
    const onStart = (message: FromBroker) => {
      if (message.type === 'log') events.log(message.level, message.message);
      if (message.type !== 'ready' && message.type !== 'failed') return;
      worker.off('message', onStart);
      if (message.type === 'failed')
        return fail(new Error(`broker: ${message.message}`));
      clearTimeout(timer);
      started = true;
      const link = new BrokerLink(worker, events);
      resolve({
        port: message.port,
        url: message.url,
        subscribeLocal: link.subscribeLocal,
        credentials: link.credentials,
        close: () =>
          (closed ??= (async () => {
            closing = true;
            // A dead thread answers nothing: do not wait for its goodbye.
            if (!exited) await link.close();
            await worker.terminate();
          })()),
      });
    };
    worker.on('message', onStart);
  });
}
