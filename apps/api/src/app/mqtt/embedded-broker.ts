import { AddressInfo, createServer, Server } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { Logger } from '@nestjs/common';
import { Aedes } from 'aedes';
import { indexedRetainedPersistence } from './retained-index';
import type { RetainedMethods } from './retained-index';
import { makeStackSafe } from './stack-safe-emitter';
import type { BrokerHooks } from './security/broker-hooks';

export interface EmbeddedBroker {
  port: number;
  url: string;
  /** A subscription inside this process (no client connection); see InProcessMqttServer. */
  subscribeLocal: LocalSubscribe;
  close(): Promise<void>;
}

/** A message as an in-process subscriber gets it. */
export interface LocalPacket {
  topic: string;
  /** Text when the broker runs in its own thread (see broker-thread/protocol.ts). */
  payload: Buffer | string;
  retain: boolean;
  qos: number;
}

/**
 * Calls `deliver` for every message on `filter` (retained ones first, as a broker does for a new subscriber).
 * At most the broker's concurrency (aedes: 100) deliveries run at once; later messages wait in the broker.
 * Resolves with the unsubscribe.
 */
export type LocalSubscribe = (
  filter: string,
  deliver: (packet: LocalPacket) => Promise<void>,
) => Promise<() => Promise<void>>;

/** PEM material of the TLS listener; `requestCert` asks every client for a certificate (mutual TLS). */
export interface BrokerTls {
  key: Buffer;
  cert: Buffer;
  ca: Buffer;
  requestCert: boolean;
}

export interface EmbeddedBrokerOptions {
  /** Authentication and authorization; without them every client is anonymous and may do anything. */
  hooks?: BrokerHooks;
  /** Listen with TLS only; a plain TCP client then fails the handshake. */
  tls?: BrokerTls;
  /**
   * Deliveries aedes runs at once (its default: 100). A message for an in-process subscriber holds one until
   * the subscriber is done; across threads that takes a round trip, so the broker thread needs more.
   */
  concurrency?: number;
  /** Where the broker's warnings go (refused TLS connections); default: the Nest logger. */
  warn?: (message: string) => void;
}

const CLOSE_TIMEOUT_MS = 5000;

/** An in-process aedes broker on 127.0.0.1 (port 0 = any free port). */
export async function startEmbeddedBroker(
  port: number,
  options: EmbeddedBrokerOptions = {},
): Promise<EmbeddedBroker> {
  const persistence = indexedRetainedPersistence();
  const broker = await Aedes.createBroker({
    ...options.hooks,
    persistence,
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
  });
  makeStackSafe((broker as unknown as { mq: unknown }).mq);
  const retained = persistence as unknown as RetainedMethods;
  const server = options.tls
    ? tlsListener(options.tls, broker.handle, options.warn)
    : createServer(broker.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;
  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, CLOSE_TIMEOUT_MS);
      broker.close(() =>
        server.close(() => {
          clearTimeout(timer);
          resolve();
        }),
      );
    }));
  const scheme = options.tls ? 'mqtts' : 'mqtt';
  return {
    port: actualPort,
    url: `${scheme}://127.0.0.1:${actualPort}`,
    subscribeLocal: (filter, deliver) =>
      subscribeLocal(broker, retained, filter, deliver),
    close,
  };
}

async function subscribeLocal(
  broker: Aedes,
  retainedStore: RetainedMethods,
  filter: string,
  deliver: (packet: LocalPacket) => Promise<void>,
): Promise<() => Promise<void>> {
  const listener = (packet: AedesPacketLike, done: () => void) =>
    void deliver(localPacket(packet)).finally(done);
  await new Promise<void>((resolve, reject) =>
    broker.subscribe(filter, listener, (error?: Error) =>
      error ? reject(error) : resolve(),
    ),
  );
  const retained = retainedStore.createRetainedStreamCombi([filter]);
  for await (const packet of retained as AsyncIterable<AedesPacketLike>)
    await deliver({ ...localPacket(packet), retain: true });
  return () =>
    new Promise<void>((resolve) =>
      broker.unsubscribe(filter, listener, () => resolve()),
    );
}

interface AedesPacketLike {
  topic: string;
  payload: Buffer | string;
  retain?: boolean;
  qos?: number;
}

function localPacket(packet: AedesPacketLike): LocalPacket {
  return {
    topic: packet.topic,
    payload:
      typeof packet.payload === 'string'
        ? Buffer.from(packet.payload)
        : packet.payload,
    retain: packet.retain ?? false,
    qos: packet.qos ?? 0,
  };
}

function tlsListener(
  tls: BrokerTls,
  handle: Aedes['handle'],
  warn?: (message: string) => void,
): Server {
  const log =
    warn ?? ((message: string) => new Logger('MqttBroker').warn(message));
  let lastError = '';
  const server = createTlsServer(
    {
      key: tls.key,
      cert: tls.cert,
      ca: tls.ca,
      requestCert: tls.requestCert,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
    },
    (socket) => handle(socket),
  );
  // Plain TCP clients and unknown certificates end here; each distinct reason is logged once in a row.
  server.on('tlsClientError', (error) => {
    if (error.message === lastError) return;
    lastError = error.message;
    log(`refused a TLS connection: ${error.message}`);
  });
  return server;
}
