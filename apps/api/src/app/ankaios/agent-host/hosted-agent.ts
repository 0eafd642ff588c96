import { EventEmitter } from 'node:events';
import type { AgentProcess } from '../process-spawner';

/** One car inside an agent host, shaped like the agent process the supervisor watches. */
export class HostedAgent extends EventEmitter implements AgentProcess {
  readonly stdout = null;
  readonly stderr = null;
  private ended = false;

  constructor(
    readonly name: string,
    /** The host process's pid: every car of a host shares it. */
    readonly pid: number | undefined,
    readonly hostId: number,
  ) {
    super();
  }

  get alive(): boolean {
    return !this.ended;
  }

  /** Reports the car's end once, as a process 'exit' would. */
  end(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.ended) return;
    this.ended = true;
    this.emit('exit', code, signal);
  }
}
