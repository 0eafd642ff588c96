import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { IClientOptions } from 'mqtt';
import { apiMqttOptions, brokerSecurityOf } from './mqtt-options';
import { freePort } from './ports';
import { killLeftoverAgents } from './processes';
import { waitFor } from './wait';

export const WORKSPACE = resolve(__dirname, '../../../../..');
export const API_MAIN = join(WORKSPACE, 'dist/apps/api/main.js');
/**
 * The V8 flags `npm start` gives the API (package.json): a young generation of up to 64 MB a semi-space. With
 * the default (16 MB) a 3,000-car update spent 18.6 % of the API's main thread collecting garbage, 11.5 % with it.
 */
export const API_NODE_FLAGS = ['--max-semi-space-size=64'];
const OUTPUT_DIR = join(WORKSPACE, 'test-output/fleet-e2e');

export interface Credentials {
  username: string;
  password: string;
}

/** The first admin every ApiProcess starts with (ADMIN_USERNAME/ADMIN_PASSWORD); browser tests log in with it. */
export const E2E_ADMIN: Credentials = { username: 'e2e-admin', password: 'e2e-admin-password' };

export interface ApiOptions {
  /** An external broker; unset = the API's embedded broker on a free port. */
  mqttUrl?: string;
  databaseUrl?: string;
  dataDir?: string;
  /** The first admin; E2E_ADMIN when unset. */
  admin?: Credentials;
  extraEnv?: Record<string, string>;
  /** Node flags of the API process (e.g. `--cpu-prof` for a profile of a benchmark run). */
  nodeArgs?: string[];
}

export interface RequestOptions {
  /** Another credential (a JWT or an API key) instead of the admin's token; null sends none. */
  token?: string | null;
  headers?: Record<string, string>;
  /** How long to wait for the answer (30 s unless given). */
  timeoutMs?: number;
}

export interface LoginAnswer {
  accessToken: string;
  expiresAt: string;
  user: { username: string; role: string };
}

/**
 * The built API as a real child process, as `npm start` runs it. It starts with a known first admin, logs in
 * once ready, and `request()` sends that admin's token unless told otherwise.
 */
export class ApiProcess {
  readonly dataDir: string;
  readonly admin: Credentials;
  port = 0;
  mqttPort = 0;
  readonly mqttPassword = randomBytes(18).toString('base64url');
  /** The admin's access token, refreshed at every start. */
  token = '';
  private child?: ChildProcess;
  private exited?: Promise<number | null>;

  constructor(private readonly options: ApiOptions = {}) {
    this.dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'fleet-e2e-'));
    this.admin = options.admin ?? E2E_ADMIN;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get brokerUrl(): string {
    const scheme = brokerSecurityOf(this.options.extraEnv ?? {}, undefined).tls ? 'mqtts' : 'mqtt';
    return this.options.mqttUrl ?? `${scheme}://127.0.0.1:${this.mqttPort}`;
  }

  /** Connect options for a test MQTT client acting as the API (`fleet-api`); spread them into `connect()`. */
  mqttOptions(): IClientOptions {
    const env = { MQTT_PASSWORD: this.mqttPassword, ...this.options.extraEnv };
    return apiMqttOptions(env, this.options.mqttUrl, this.dataDir);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(label: string): Promise<void> {
    this.port = await freePort();
    if (!this.mqttPort) this.mqttPort = await freePort(); // keep the broker port across restarts
    mkdirSync(OUTPUT_DIR, { recursive: true });
    const env: Record<string, string> = {
      ...pick(process.env, ['PATH', 'HOME', 'TMPDIR', 'NODE_OPTIONS']),
      PORT: String(this.port),
      MQTT_PORT: String(this.mqttPort),
      DATA_DIR: this.dataDir,
      DEMO_FLEET: '',
      LOG_FORMAT: 'json',
      AGENT_ARGS: '--sim-speed 20',
      ADMIN_USERNAME: this.admin.username,
      ADMIN_PASSWORD: this.admin.password,
      // The API's own MQTT password (user fleet-api), known here so that tests can connect as the API.
      MQTT_PASSWORD: this.mqttPassword,
      ...(this.options.mqttUrl ? { MQTT_URL: this.options.mqttUrl } : {}),
      ...(this.options.databaseUrl ? { DATABASE_URL: this.options.databaseUrl } : {}),
      ...this.options.extraEnv,
    };
    // The API writes its log file itself. Piped through this process, a busy test or benchmark (16 request
    // workers, a socket.io client counting 10,000 cars) read it late, the pipe filled, and the API's synchronous
    // stdout writes waited for it: 18 % of the API's main thread while 10,000 cars were created.
    const log = openSync(join(OUTPUT_DIR, `${label}.log`), 'a');
    let child: ChildProcess;
    try {
      child = spawn(process.execPath, [...API_NODE_FLAGS, ...(this.options.nodeArgs ?? []), API_MAIN], { cwd: WORKSPACE, env, stdio: ['ignore', log, log] });
    } finally {
      closeSync(log); // the child holds its own copy
    }
    this.child = child;
    this.exited = new Promise((resolveExit) => child.once('exit', (code) => resolveExit(code)));
    await waitFor(`the API on port ${this.port} to be ready`, async () => {
      if (child.exitCode !== null) throw new Error(`API exited with ${child.exitCode} (log: ${label}.log)`);
      const res = await fetch(`${this.baseUrl}/api/health`).catch(() => undefined);
      return res?.ok === true;
    }, 45_000, 200);
    this.token = (await this.login(this.admin)).accessToken;
  }

  /** POST /api/auth/login; throws unless it answers 200. */
  async login(credentials: Credentials): Promise<LoginAnswer> {
    const res = await this.request<LoginAnswer>('POST', '/api/auth/login', credentials, { token: null });
    if (res.status !== 200) throw new Error(`login as ${credentials.username} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** Ends the API with `signal` and waits for the process to exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 20_000): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    child.kill(signal);
    const code = await exitOrTimeout(this.exited, timeoutMs);
    if (code === 'timeout') {
      child.kill('SIGKILL');
      throw new Error(`API did not exit within ${timeoutMs} ms after ${signal}`);
    }
    return code ?? null;
  }

  /**
   * The end of every suite: stops the API (which stops its agents), then kills any agent left under its data
   * folder, so that no test leaves a car process behind. A failed stop is reported to `onError` (default: ignored).
   * A data folder this process made itself is deleted then (a 10,000-car benchmark leaves ~120 MB); one passed in
   * `options.dataDir` belongs to the caller. The API's log stays in the output folder.
   */
  async stopWithAgents(onError: (error: unknown) => void = () => undefined): Promise<void> {
    await this.stop('SIGTERM', 60_000).catch(onError);
    killLeftoverAgents(this.dataDir);
    if (this.options.dataDir === undefined) rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** As the admin, unless `options.token` names another credential (or null for none). */
  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    options: RequestOptions = {},
  ): Promise<{ status: number; body: T; headers: Headers }> {
    const token = options.token === undefined ? this.token : options.token;
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...options.headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    const text = await res.text();
    return { status: res.status, body: parseBody<T>(text, res.headers.get('content-type')), headers: res.headers };
  }
}

function parseBody<T>(text: string, contentType: string | null): T {
  if (!text) return undefined as T;
  return (contentType?.includes('json') ? JSON.parse(text) : text) as T;
}

function pick(env: NodeJS.ProcessEnv, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.filter((k) => env[k] !== undefined).map((k) => [k, env[k] as string]));
}

/** The exit code, or `timeout`; the timer is cleared either way so that jest can exit. */
export async function exitOrTimeout<T>(exited: Promise<T> | undefined, timeoutMs: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    return await Promise.race([exited ?? timeout, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
