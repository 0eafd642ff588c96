import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from '@fleet/e2e/support';
import { stopChild } from './child';

export const MOSQUITTO_BIN = process.env['MOSQUITTO_BIN'] ?? '/usr/sbin/mosquitto';

export interface PrivateBroker {
  url: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

/**
 * A Mosquitto of the bench's own on a free port (anonymous, in memory): `--broker mosquitto` measures the API
 * with the broker in its own process, as a large fleet would run it, instead of the embedded aedes broker that
 * shares the API's event loop.
 */
export async function startMosquitto(): Promise<PrivateBroker> {
  if (!existsSync(MOSQUITTO_BIN)) throw new Error(`--broker mosquitto: ${MOSQUITTO_BIN} not found (set MOSQUITTO_BIN)`);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'bench-mosquitto-'));
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(
    conf,
    [`listener ${port} 127.0.0.1`, 'allow_anonymous true', 'persistence false', 'max_inflight_messages 100', 'max_queued_messages 10000', 'log_type error', ''].join('\n'),
  );
  const child: ChildProcess = spawn(MOSQUITTO_BIN, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const stop = async () => {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(`mosquitto on port ${port}`, async () => {
      if (child.exitCode !== null) throw new Error(`mosquitto exited with ${child.exitCode}: ${stderr}`);
      return new Promise<boolean>((resolve) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      });
    }, 10_000, 100);
  } catch (error) {
    await stop();
    throw error;
  }
  console.error(`[bench] private mosquitto on port ${port} (pid ${child.pid})`);
  return { url: `mqtt://127.0.0.1:${port}`, pid: child.pid, stop };
}
