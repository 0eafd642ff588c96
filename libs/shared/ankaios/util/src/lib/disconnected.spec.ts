import type { CompleteState } from '@fleet/shared/contracts';
import { disconnectedView } from './disconnected';
import { ExecutionStates as S } from './execution-states';

const completeState = (): CompleteState => ({
  desiredState: { apiVersion: 'v1', workloads: {}, configs: {} },
  workloadStates: {
    'car-1': { app: { a: S.running() }, db: { b: S.waitingToStart(), c: S.stoppingRequested() } },
    'car-2': { app: { d: S.running() } },
  },
  agents: {
    'car-1': { status: { cpuUsage: 1, freeMemory: 2 }, tags: {} },
    'car-2': { status: { cpuUsage: 1, freeMemory: 2 }, tags: {} },
  },
});

describe(disconnectedView.name, () => {
  it('shows every workload of the agent as AgentDisconnected and drops the agent', () => {
    const view = disconnectedView(completeState(), 'car-1');
    const disconnected = S.agentDisconnected();
    expect(view.workloadStates['car-1']).toEqual({ app: { a: disconnected }, db: { b: disconnected, c: disconnected } });
    expect(Object.keys(view.agents)).toEqual(['car-2']);
  });

  it('leaves other agents and the input alone', () => {
    const input = completeState();
    const view = disconnectedView(input, 'car-1');
    expect(view.workloadStates['car-2']).toEqual(completeState().workloadStates['car-2']);
    expect(input).toEqual(completeState());
  });
});
