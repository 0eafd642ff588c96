import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { AgentCommand, ProcessSpawner } from '../app/ankaios/process-spawner';

/** A child process that ends only when told to (or when signalled, see FakeSpawner). */
export class FakeAgentProcess extends EventEmitter {
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  alive = true;

  constructor(
    readonly pid: number,
    readonly command: AgentCommand,
  ) {
    super();
  }

  /** The car id from `--name`. */
  get carId(): string {
    return this.command.args[this.command.args.indexOf('--name') + 1];
  }

  exit(code: number | null, signal: NodeJS.Signals | null = null): void {
    if (!this.alive) return;
    this.alive = false;
    this.emit('exit', code, signal);
  }
}

/** Records spawns and group signals; an agent exits on SIGKILL (unless unkillable), and on SIGTERM unless told to ignore it. */
export class FakeSpawner extends ProcessSpawner {
  readonly spawned: FakeAgentProcess[] = [];
  readonly signals: { pid: number; signal: NodeJS.Signals }[] = [];
  readonly removedFolders: string[] = [];
  ignoreSigterm = false;
  /** Agents (by pid) that ignore SIGTERM whatever `ignoreSigterm` says; `unkillable` ones ignore SIGKILL too. */
  readonly ignoringSigterm = new Set<number>();
  readonly unkillable = new Set<number>();
  private nextPid = 4000;

  override spawn(command: AgentCommand): FakeAgentProcess {
    const child = new FakeAgentProcess(this.nextPid++, command);
    this.spawned.push(child);
    return child;
  }

  override removeRunFolder(runFolder: string): void {
    this.removedFolders.push(runFolder);
  }

  override killGroup(pid: number, signal: NodeJS.Signals): boolean {
    this.signals.push({ pid, signal });
    const child = this.spawned.find((p) => p.pid === pid && p.alive);
    if (!child) return false;
    if (this.unkillable.has(pid)) return true;
    if (
      signal === 'SIGKILL' ||
      !(this.ignoreSigterm || this.ignoringSigterm.has(pid))
    )
      setImmediate(() => child.exit(null, signal));
    return true;
  }

  alive(): FakeAgentProcess[] {
    return this.spawned.filter((p) => p.alive);
  }

  latest(carId: string): FakeAgentProcess | undefined {
    return [...this.spawned].reverse().find((p) => p.carId === carId);
  }
}
