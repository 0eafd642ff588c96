import { AddressInfo, createServer, Socket } from 'node:net';
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
 * An embedded aedes broker on a free port (or on `port`, to restart one). Only specs import aedes, so the agent
 * build never sees it.
 */
export async function startTestBroker(port = 0): Promise<TestBroker> {
  const broker = await Aedes.createBroker();
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    broker.handle(socket);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `mqtt://127.0.0.1:${bound}`,
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
