import type { TimerHandle } from '../common/clock';
import type { AgentSpec } from './agent-command';
import type { AgentProcess } from './process-spawner';

/** What the supervisor knows about a car's process; the registry turns it into the car's connection. */
export interface AgentProcessEvent {
  carId: string;
  connection: 'starting' | 'crashed' | 'stopped';
  pid: number | null;
  restarts: number;
}

/** What the supervisor knows about one car's agent, across its restarts. */
export interface SupervisedAgent {
  spec: AgentSpec;
  /** False once the agent is being stopped: it is not restarted any more. */
  desired: boolean;
  child: AgentProcess | null;
  pid: number | null;
  restarts: number;
  restartTimes: number[];
  restartTimer: TimerHandle | null;
  /** Spawns refused in a row because another agent held the name (several replicas only). */
  nameTaken: number;
  exited: Promise<void>;
  markExited: () => void;
}

/** A car's agent that should run and has not been spawned yet. */
export function supervisedAgent(spec: AgentSpec): SupervisedAgent {
  return {
    spec: { ...spec },
    desired: true,
    child: null,
    pid: null,
    restarts: 0,
    restartTimes: [],
    restartTimer: null,
    nameTaken: 0,
    exited: Promise.resolve(),
    markExited: () => undefined,
  };
}

export interface SupervisorCounts {
  running: number;
  crashed: number;
  desired: number;
}

/** Agents with a process, agents that should run, and those of them without a process (crashed, restarting). */
export function countAgents(
  entries: Iterable<SupervisedAgent>,
): SupervisorCounts {
  let running = 0;
  let crashed = 0;
  let desired = 0;
  for (const entry of entries) {
    if (entry.child) running++;
    if (entry.desired) desired++;
    if (entry.desired && !entry.child) crashed++;
  }
  return { running, crashed, desired };
}
