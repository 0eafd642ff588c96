import { AddressInfo, createServer, Socket } from 'node:net';
import { Aedes } from 'aedes';

export interface TestBroker {
  url: string;
  close(): Promise<void>;
}

/** An embedded aedes broker on a free port. Only the integration specs import aedes, so the agent build never sees it. */
export async function startTestBroker(): Promise<TestBroker> {
  const broker = await Aedes.createBroker();
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    broker.handle(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((s) => s.destroy());
        broker.close(() => server.close(() => resolve()));
      }),
  };
}
