// Execution states with the additional info texts the Ankaios agent reports
// (ankaios_api execution_state.rs; states and substates from ank_base.proto).
import type { AddCondition, ExecutionState, ExecutionStateName } from '@fleet/shared/contracts';

const make = (state: ExecutionStateName, subState = '', additionalInfo = ''): ExecutionState => ({
  state,
  subState,
  additionalInfo,
});

export const NO_MORE_RETRIES_MSG = 'No more retries';
export const TRIGGERED_MSG = 'Triggered at runtime.';

export const ExecutionStates = {
  initial: () => make('Pending', 'Initial'),
  waitingToStart: () => make('Pending', 'WaitingToStart'),
  starting: (info = '') => make('Pending', 'Starting', info),
  startingTriggered: () => make('Pending', 'Starting', TRIGGERED_MSG),
  retryStarting: (retry: number, info: string) => make('Pending', 'Starting', `Retry ${retry}: ${info}`),
  startingFailed: (info: string) => make('Pending', 'StartingFailed', info),
  noMoreRetries: (info: string) => make('Pending', 'StartingFailed', `${NO_MORE_RETRIES_MSG}: ${info}`),
  running: () => make('Running', 'Ok'),
  stopping: (info = '') => make('Stopping', 'Stopping', info),
  waitingToStop: () => make('Stopping', 'WaitingToStop'),
  stoppingRequested: () => make('Stopping', 'RequestedAtRuntime'),
  deleteFailed: (info: string) => make('Stopping', 'DeleteFailed', info),
  succeeded: () => make('Succeeded', 'Ok'),
  failed: (info: string) => make('Failed', 'ExecFailed', info),
  unknown: (info: string) => make('Failed', 'Unknown', info),
  lost: () => make('Failed', 'Lost'),
  notScheduled: () => make('NotScheduled'),
  agentDisconnected: () => make('AgentDisconnected'),
  removed: () => make('Removed'),
} as const;

const is = (s: ExecutionState, state: ExecutionStateName, subState?: string) =>
  s.state === state && (subState === undefined || s.subState === subState);

export const isPending = (s: ExecutionState) => is(s, 'Pending');
export const isRunning = (s: ExecutionState) => is(s, 'Running', 'Ok');
export const isSucceeded = (s: ExecutionState) => is(s, 'Succeeded', 'Ok');
/** Only Failed(ExecFailed) counts as failed for dependencies and restarts; Lost and Unknown do not. */
export const isFailed = (s: ExecutionState) => is(s, 'Failed', 'ExecFailed');
export const isWaitingToStart = (s: ExecutionState) => is(s, 'Pending', 'WaitingToStart');
export const isNotPendingNorRunning = (s: ExecutionState) => !isPending(s) && !isRunning(s);

/**
 * The agent's hysteresis: once a workload is being stopped (RequestedAtRuntime, WaitingToStop), late reports
 * that it runs, succeeded or failed must not flip it back (swdd~api-workload-state-transitions~1).
 */
export function transition(current: ExecutionState | undefined, incoming: ExecutionState): ExecutionState {
  const stopping = current && (is(current, 'Stopping', 'RequestedAtRuntime') || is(current, 'Stopping', 'WaitingToStop'));
  const late = isRunning(incoming) || isSucceeded(incoming) || incoming.state === 'Failed';
  return stopping && late ? current : incoming;
}

export function addConditionFulfilled(condition: AddCondition, state: ExecutionState | undefined): boolean {
  if (!state) return false;
  if (condition === 'ADD_COND_RUNNING') return isRunning(state);
  if (condition === 'ADD_COND_SUCCEEDED') return isSucceeded(state);
  return isFailed(state);
}

/**
 * A workload that others depend on with ADD_COND_RUNNING may be deleted once each dependent is gone, neither
 * pending nor running, or waiting to start (which prevents a deadlock); swdd~execution-states-of-workload-
 * dependencies-fulfill-delete-conditions~1.
 */
export function deleteConditionFulfilled(dependentState: ExecutionState | undefined): boolean {
  return !dependentState || isWaitingToStart(dependentState) || isNotPendingNorRunning(dependentState);
}
