import type { CompleteState } from '@fleet/shared/contracts';
import { ExecutionStates as S } from './execution-states';
import { toSdkCompleteState, toSdkExecutionState } from './sdk';

const completeState = (): CompleteState => ({
  desiredState: {
    apiVersion: 'v1',
    workloads: { app: { agent: 'car-1', runtime: 'podman', runtimeConfig: 'image: a:1' } },
    configs: { c: 'x' },
  },
  workloadStates: { 'car-1': { app: { abc: S.startingTriggered() } } },
  agents: { 'car-1': { status: { cpuUsage: 12, freeMemory: 1024 }, tags: { region: 'munich' } } },
});

describe(toSdkCompleteState.name, () => {
  it('answers in the SDK shape', () => {
    expect(toSdkCompleteState(completeState())).toEqual({
      desired_state: {
        api_version: 'v1',
        workloads: { app: { agent: 'car-1', runtime: 'podman', runtimeConfig: 'image: a:1' } },
        configs: { c: 'x' },
      },
      workload_states: {
        'car-1': { app: { abc: { state: 'PENDING', substate: 'PENDING_STARTING', additional_info: 'Triggered at runtime.' } } },
      },
      agents: { 'car-1': { tags: { region: 'munich' }, status: { cpu_usage: 12, free_memory: 1024 } } },
    });
  });

  it('keeps every section, empty, for a masked state', () => {
    expect(toSdkCompleteState({ agents: {} })).toEqual({
      desired_state: { api_version: '', workloads: {}, configs: {} },
      workload_states: {},
      agents: {},
    });
  });
});

describe(toSdkExecutionState.name, () => {
  it.each([
    [S.running(), 'RUNNING', 'RUNNING_OK'],
    [S.waitingToStart(), 'PENDING', 'PENDING_WAITING_TO_START'],
    [S.noMoreRetries('x'), 'PENDING', 'PENDING_STARTING_FAILED'],
    [S.stopping(), 'STOPPING', 'STOPPING'],
    [S.waitingToStop(), 'STOPPING', 'STOPPING_WAITING_TO_STOP'],
    [S.failed('x'), 'FAILED', 'FAILED_EXEC_FAILED'],
    [S.agentDisconnected(), 'AGENT_DISCONNECTED', 'AGENT_DISCONNECTED'],
    [S.notScheduled(), 'NOT_SCHEDULED', 'NOT_SCHEDULED'],
  ])('%j -> %s / %s', (state, sdkState, substate) => {
    expect(toSdkExecutionState(state)).toMatchObject({ state: sdkState, substate });
  });
});
