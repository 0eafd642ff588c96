import { ChildProcess, spawn, StdioOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const WORKSPACE_ROOT = join(__dirname, '../../../..');
export const BUILT_AGENT = join(WORKSPACE_ROOT, 'dist/apps/car-agent/main.js');
export const BASE_MANIFEST = join(WORKSPACE_ROOT, 'ankaios/base-manifest.yaml');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The built agent as a real child process (`node dist/apps/car-agent/main.js ...`). */
export class AgentProcess {
  readonly stdout: string[] = [];
  stderr = '';
  readonly exited: Promise<Exit>;
  private exit: Exit | null = null;

  private constructor(private readonly child: ChildProcess) {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => this.stdout.push(...chunk.split('\n').filter(Boolean)));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) =>
      child.on('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      }),
    );
  }

  /** With `ipc`, the agent gets an IPC channel, as when the API supervisor forks it. */
  static spawn(args: string[], options: { ipc?: boolean } = {}): AgentProcess {
    if (!existsSync(BUILT_AGENT)) {
      throw new Error(`${BUILT_AGENT} is missing: this spec runs the BUILT agent; run \`npx nx build car-agent\` first`);
    }
    const stdio: StdioOptions = options.ipc ? ['pipe', 'pipe', 'pipe', 'ipc'] : 'pipe';
    return new AgentProcess(spawn(process.execPath, [BUILT_AGENT, ...args], { cwd: WORKSPACE_ROOT, stdio }));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Sends a message over the IPC channel (agent host commands). */
  send(message: unknown): void {
    this.child.send?.(message as object);
  }

  /** Closes the IPC channel: to the agent, its parent died. */
  disconnect(): void {
    if (this.child.connected) this.child.disconnect();
  }

  signal(signal: NodeJS.Signals): void {
    if (!this.exit) this.child.kill(signal);
  }

  /** Waits for the exit, failing after the timeout. */
  async waitForExit(timeoutMs = 5_000): Promise<Exit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`agent still running after ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Ends the process for good (tests call this in afterEach). */
  async kill(): Promise<void> {
    if (this.exit) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }
}
