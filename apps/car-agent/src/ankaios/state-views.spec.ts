import type { ExecutionState } from '@fleet/shared/contracts';
import type { RenderedWorkload } from '@fleet/shared/ankaios/util';
import type { Instance } from './instance';
import { agentWorkloadStates, workloadStatesOf } from './state-views';

const state = (s: string, subState: string): ExecutionState => ({ state: s, subState, additionalInfo: '' }) as ExecutionState;

function instance(agent: string, name: string, instanceId: string, s: ExecutionState): Instance {
  return { workload: { name, instanceId } as RenderedWorkload, agent, state: s, dispatched: true, deleteRequested: false };
}

describe('agentWorkloadStates', () => {
  const instances = [
    instance('car-1', 'app', 'a1', state('Running', 'Ok')),
    // Being replaced under the same id: the first instance keeps the entry until it is gone.
    instance('car-1', 'app', 'a1', state('Pending', 'Initial')),
    instance('car-1', 'app', 'a2', state('Stopping', 'WaitingToStop')),
    instance('car-1', 'nav', 'n1', state('Succeeded', 'Ok')),
    instance('car-2', 'app', 'a1', state('Failed', 'ExecFailed')),
    instance('', 'radio', 'r1', state('NotScheduled', '')),
  ];

  it("answers one agent's slice, as the whole CompleteState's workloadStates has it", () => {
    expect(agentWorkloadStates(instances, 'car-1')).toEqual({
      app: { a1: state('Running', 'Ok'), a2: state('Stopping', 'WaitingToStop') },
      nav: { n1: state('Succeeded', 'Ok') },
    });
    for (const agent of ['car-1', 'car-2', '']) expect(agentWorkloadStates(instances, agent)).toEqual(workloadStatesOf(instances)[agent]);
  });

  it('answers an empty slice for an agent without workloads', () => {
    expect(agentWorkloadStates(instances, 'car-3')).toEqual({});
  });

  it('hands out copies: changing one does not change the instance', () => {
    const slice = agentWorkloadStates(instances, 'car-1');
    slice['app']['a1'].state = 'Failed' as ExecutionState['state'];

    expect(instances[0].state.state).toBe('Running');
  });

  it('takes an instance id that is also a property name of plain objects', () => {
    expect(agentWorkloadStates([instance('car-1', 'app', 'constructor', state('Running', 'Ok'))], 'car-1')).toEqual({
      app: { constructor: state('Running', 'Ok') },
    });
  });
});
