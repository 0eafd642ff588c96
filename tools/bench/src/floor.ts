import { spawn } from 'node:child_process';
import { stopChild } from './child';

/**
 * A bare HTTP server as its own Node process, answering every request with a fixed two-byte body and doing
 * nothing else. Paced at the list figure's rates while the same fleet reports, its latency is the floor this
 * machine sets for any HTTP answer under that load (scheduling, loopback, the client): the part of the list
 * figure the API cannot remove by doing less.
 */
const SERVER = `
  const server = require('node:http').createServer((req, res) => res.end('ok'));
  server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
  process.on('disconnect', () => process.exit(0));
`;

export interface BareServer {
  url: string;
  stop(): Promise<void>;
}

export async function startBareServer(timeoutMs = 10_000): Promise<BareServer> {
  const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const stop = () => stopChild(child);
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`bare server: no port within ${timeoutMs} ms`)), timeoutMs);
      child.stdout?.once('data', (chunk: Buffer) => {
        clearTimeout(timer);
        resolve(Number(chunk.toString().trim()));
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`bare server exited (${code}) before it listened`));
      });
    });
    return { url: `http://127.0.0.1:${port}`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
