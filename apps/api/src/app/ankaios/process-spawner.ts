import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';

export interface AgentCommand {
  command: string;
  args: string[];
  /** The agent's run folder; created before the spawn. */
  runFolder: string;
}

/** The part of a child process the supervisor uses. */
export interface AgentProcess {
  readonly pid?: number;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  once(
    event: 'exit',
    listener: (code: number | null, signal: NodeJS.Signals | null) => void,
  ): this;
  once(event: 'error', listener: (error: Error) => void): this;
}

/** Starts agent processes and signals their process groups. */
@Injectable()
export class ProcessSpawner {
  spawn(agent: AgentCommand): AgentProcess {
    return this.spawnChild(agent);
  }

  /** Delivers a stop signal to one agent: to its whole process group. False when it is gone. */
  signal(agent: AgentProcess, signal: NodeJS.Signals): boolean {
    return agent.pid !== undefined && this.killGroup(agent.pid, signal);
  }

  removeRunFolder(runFolder: string): void {
    rmSync(runFolder, { recursive: true, force: true });
  }

  /** False when the group no longer exists. */
  killGroup(pid: number, signal: NodeJS.Signals): boolean {
    try {
      process.kill(-pid, signal);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Own process group (`detached`) so that a stop reaches everything the agent started; an IPC channel
   * so that the agent notices when the API dies, even by SIGKILL, and exits.
   */
  protected spawnChild(agent: AgentCommand): ChildProcess {
    mkdirSync(agent.runFolder, { recursive: true });
    const child = spawn(agent.command, agent.args, {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    // Whatever the agent started and left behind dies with it, however it ended (crash, SIGTERM, exit).
    child.once('exit', () => {
      if (child.pid !== undefined) this.killGroup(child.pid, 'SIGKILL');
    });
    return child;
  }
}
