import { AddressInfo, createServer, Server } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { Logger } from '@nestjs/common';
import { Aedes } from 'aedes';
import { indexedRetainedPersistence } from './retained-index';
import type { BrokerHooks } from './security/broker-hooks';

export interface EmbeddedBroker {
  port: number;
  url: string;
  close(): Promise<void>;
}

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
}

const CLOSE_TIMEOUT_MS = 5000;

/** An in-process aedes broker on 127.0.0.1 (port 0 = any free port). */
export async function startEmbeddedBroker(
  port: number,
  options: EmbeddedBrokerOptions = {},
): Promise<EmbeddedBroker> {
  const broker = await Aedes.createBroker({
    ...options.hooks,
    persistence: indexedRetainedPersistence(),
  });
  const server = options.tls
    ? tlsListener(options.tls, broker.handle)
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
    close,
  };
}

function tlsListener(tls: BrokerTls, handle: Aedes['handle']): Server {
  const logger = new Logger('MqttBroker');
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
    logger.warn(`refused a TLS connection: ${error.message}`);
  });
  return server;
}
