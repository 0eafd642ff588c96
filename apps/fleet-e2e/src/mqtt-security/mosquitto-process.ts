import { ChildProcess, spawn } from 'node:child_process';
import {
  copyFileSync,
  createWriteStream,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor, WORKSPACE } from '@fleet/e2e/support';

export const DEPLOY_DIR = join(WORKSPACE, 'tools/mosquitto');
const STOP_TIMEOUT_MS = 5000;

/**
 * Our own Mosquitto on a free port, from a config in tools/mosquitto with its paths moved into `dir`
 * (never the machine's broker on 1883). It runs as the current user, so it can read the 0600 files.
 */
export class MosquittoProcess {
  private constructor(
    readonly port: number,
    private readonly child: ChildProcess,
    private readonly exited: Promise<void>,
  ) {}

  static async start(
    configName: string,
    dir: string,
  ): Promise<MosquittoProcess> {
    const port = await freePort();
    copyFileSync(join(DEPLOY_DIR, 'fleet.acl'), join(dir, 'fleet.acl'));
    const config = readFileSync(join(DEPLOY_DIR, configName), 'utf8')
      .split('/etc/mosquitto/fleet')
      .join(dir)
      .replace(/^listener \d+.*$/m, `listener ${port} 127.0.0.1`);
    const file = join(dir, 'mosquitto.conf');
    writeFileSync(file, `${config}\nuser ${userInfo().username}\n`);
    const child = spawn('mosquitto', ['-c', file], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log = createWriteStream(join(dir, 'mosquitto.log'));
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    const exited = new Promise<void>((resolve) =>
      child.once('exit', () => resolve()),
    );
    const broker = new MosquittoProcess(port, child, exited);
    try {
      await waitFor(
        `mosquitto on port ${port}`,
        () => {
          if (child.exitCode !== null)
            throw new Error(
              `mosquitto exited with ${child.exitCode} (see ${dir}/mosquitto.log)`,
            );
          return accepts(port);
        },
        10_000,
        100,
      );
    } catch (error) {
      await broker.stop();
      throw error;
    }
    return broker;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await this.exited;
    clearTimeout(timer);
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
