import { createServer } from 'node:net';

/** A free TCP port on 127.0.0.1 (never 1883 or 3000, which others use). */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        const p = typeof address === 'object' && address ? address.port : 0;
        server.close(() => resolve(p));
      });
    });
    if (port !== 1883 && port !== 3000) return port;
  }
}
