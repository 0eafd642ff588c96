import { AddressInfo, createServer } from 'node:net';
import { Aedes } from 'aedes';

export interface EmbeddedBroker {
  port: number;
  url: string;
  close(): Promise<void>;
}

const CLOSE_TIMEOUT_MS = 5000;

/** An in-process aedes broker on 127.0.0.1 (port 0 = any free port). */
export async function startEmbeddedBroker(
  port: number,
): Promise<EmbeddedBroker> {
  const broker = await Aedes.createBroker();
  const server = createServer(broker.handle);
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
  return { port: actualPort, url: `mqtt://127.0.0.1:${actualPort}`, close };
}
