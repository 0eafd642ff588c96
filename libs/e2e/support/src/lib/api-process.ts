import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './ports';
import { waitFor } from './wait';

export const WORKSPACE = resolve(__dirname, '../../../../..');
export const API_MAIN = join(WORKSPACE, 'dist/apps/api/main.js');
const OUTPUT_DIR = join(WORKSPACE, 'test-output/fleet-e2e');

export interface ApiOptions {
  /** An external broker; unset = the API's embedded broker on a free port. */
  mqttUrl?: string;
  databaseUrl?: string;
  dataDir?: string;
  extraEnv?: Record<string, string>;
}

/** The built API as a real child process, as `npm start` runs it. */
export class ApiProcess {
  readonly dataDir: string;
  port = 0;
  mqttPort = 0;
  private child?: ChildProcess;
  private log?: WriteStream;
  private exited?: Promise<number | null>;

  constructor(private readonly options: ApiOptions = {}) {
    this.dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'fleet-e2e-'));
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get brokerUrl(): string {
    return this.options.mqttUrl ?? `mqtt://127.0.0.1:${this.mqttPort}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(label: string): Promise<void> {
    this.port = await freePort();
    if (!this.mqttPort) this.mqttPort = await freePort(); // keep the broker port across restarts
    mkdirSync(OUTPUT_DIR, { recursive: true });
    this.log = createWriteStream(join(OUTPUT_DIR, `${label}.log`), { flags: 'a' });
    const env: Record<string, string> = {
      ...pick(process.env, ['PATH', 'HOME', 'TMPDIR', 'NODE_OPTIONS']),
      PORT: String(this.port),
      MQTT_PORT: String(this.mqttPort),
      DATA_DIR: this.dataDir,
      DEMO_FLEET: '',
      LOG_FORMAT: 'json',
      AGENT_ARGS: '--sim-speed 20',
      ...(this.options.mqttUrl ? { MQTT_URL: this.options.mqttUrl } : {}),
      ...(this.options.databaseUrl ? { DATABASE_URL: this.options.databaseUrl } : {}),
      ...this.options.extraEnv,
    };
    const child = spawn(process.execPath, [API_MAIN], { cwd: WORKSPACE, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout?.pipe(this.log, { end: false });
    child.stderr?.pipe(this.log, { end: false });
    this.exited = new Promise((resolveExit) => child.once('exit', (code) => resolveExit(code)));
    await waitFor(`the API on port ${this.port} to be ready`, async () => {
      if (child.exitCode !== null) throw new Error(`API exited with ${child.exitCode} (log: ${label}.log)`);
      const res = await fetch(`${this.baseUrl}/api/health`).catch(() => undefined);
      return res?.ok === true;
    }, 45_000, 200);
  }

  /** Ends the API with `signal` and waits for the process to exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 20_000): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    child.kill(signal);
    const code = await Promise.race([
      this.exited,
      new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), timeoutMs)),
    ]);
    if (code === 'timeout') {
      child.kill('SIGKILL');
      throw new Error(`API did not exit within ${timeoutMs} ms after ${signal}`);
    }
    this.log?.end();
    return code ?? null;
  }

  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }
}

function pick(env: NodeJS.ProcessEnv, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.filter((k) => env[k] !== undefined).map((k) => [k, env[k] as string]));
}
