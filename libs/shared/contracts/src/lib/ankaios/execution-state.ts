/** Ankaios execution states (display form `State(SubState)`), as `ank get state -o json` prints them. */
export type ExecutionStateName =
  | 'Pending'
  | 'Running'
  | 'Stopping'
  | 'Succeeded'
  | 'Failed'
  | 'NotScheduled'
  | 'AgentDisconnected'
  | 'Removed';

export const SUB_STATES = {
  Pending: ['Initial', 'WaitingToStart', 'Starting', 'StartingFailed'],
  Running: ['Ok'],
  Stopping: ['Stopping', 'WaitingToStop', 'RequestedAtRuntime', 'DeleteFailed'],
  Succeeded: ['Ok'],
  Failed: ['ExecFailed', 'Unknown', 'Lost'],
  NotScheduled: [''],
  AgentDisconnected: [''],
  Removed: [''],
} as const satisfies Record<ExecutionStateName, readonly string[]>;

export type SubStateOf<S extends ExecutionStateName> = (typeof SUB_STATES)[S][number];

export interface ExecutionState {
  state: ExecutionStateName;
  subState: string;
  additionalInfo: string;
}

export function formatExecutionState(s: ExecutionState): string {
  return s.subState ? `${s.state}(${s.subState})` : s.state;
}

/**
 * The Ankaios Python SDK's enum names, used by the fleet-connector answers
 * (`RUNNING` / `RUNNING_OK`, `PENDING_STARTING`, `AGENT_DISCONNECTED`, ...).
 */
export function toSdkState(s: ExecutionState): { state: string; substate: string } {
  const upper = (v: string) => v.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
  const state = upper(s.state);
  return { state, substate: s.subState ? `${state}_${upper(s.subState)}` : state };
}
