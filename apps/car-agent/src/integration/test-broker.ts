import { AddressInfo, createServer, Server, Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { Aedes } from 'aedes';

export interface TestBroker {
  url: string;
  port: number;
  aedes: Aedes;
  /** Cuts every client connection without a DISCONNECT, as a network failure does. */
  dropConnections(): void;
  close(): Promise<void>;
}

/**
 * An embedded aedes broker on a free port (or on `port`, to restart one), over TLS with `tls` (PEM key and
 * certificate). Only specs import aedes, so the agent build never sees it.
 */
export async function startTestBroker(port = 0, tls?: { key: Buffer; cert: Buffer }): Promise<TestBroker> {
  const broker = await Aedes.createBroker();
  const sockets = new Set<Socket>();
  const handle = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    broker.handle(socket);
  };
  const server: Server = tls ? createTlsServer(tls, handle) : createServer(handle);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `${tls ? 'mqtts' : 'mqtt'}://127.0.0.1:${bound}`,
    port: bound,
    aedes: broker,
    dropConnections: () => sockets.forEach((s) => s.destroy()),
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((s) => s.destroy());
        broker.close(() => server.close(() => resolve()));
      }),
  };
}
