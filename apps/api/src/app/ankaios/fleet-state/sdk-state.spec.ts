import { SUB_STATES } from '@fleet/shared/contracts';
import type { ExecutionStateName } from '@fleet/shared/contracts';
import { toSdkExecutionState } from '@fleet/shared/ankaios/util';
import {
  desiredState,
  running,
  sdkAnswer,
  workloadSpec,
} from '../../../testing/ankaios-harness';
import { executionState } from '../../../testing/factories';
import { fromSdkExecutionState, readStateAnswer } from './sdk-state';

describe(readStateAnswer.name, () => {
  it('turns every SDK state name back into the camelCase execution state', () => {
    for (const [state, subStates] of Object.entries(SUB_STATES))
      for (const subState of subStates) {
        const original = {
          state: state as ExecutionStateName,
          subState,
          additionalInfo: 'why',
        };
        expect(fromSdkExecutionState(toSdkExecutionState(original))).toEqual(
          original,
        );
      }
  });

  it('reads the desired state, the agent’s own workload states and its attributes', () => {
    const desired = desiredState({
      nav: workloadSpec('car-1', 'registry/nav:1.0'),
    });
    const answer = sdkAnswer('car-1', desired, {
      nav: { id1: executionState('Pending', 'StartingFailed') },
    });

    const read = readStateAnswer('car-1', answer);

    expect(read.desiredState?.workloads['nav']).toMatchObject({
      agent: 'car-1',
      runtime: 'podman',
      runtimeConfig: 'image: registry/nav:1.0\n',
    });
    expect(read.workloadStates).toEqual({
      nav: { id1: executionState('Pending', 'StartingFailed') },
    });
    expect(read.agent).toEqual({
      status: { cpuUsage: 3, freeMemory: 1000 },
      tags: { region: 'munich' },
    });
    expect(read.problems).toEqual([]);
  });

  it('has no desired state when the answer’s desired state was masked out (empty api_version)', () => {
    const answer = sdkAnswer('car-1', desiredState({}), {
      nav: { id1: running() },
    });
    answer.desired_state = { api_version: '', workloads: {}, configs: {} };

    expect(readStateAnswer('car-1', answer).desiredState).toBeNull();
  });

  it('leaves out unknown states, Removed instances and other agents, naming the problem', () => {
    const answer = sdkAnswer('car-1', desiredState({}), {});
    answer.workload_states = {
      'car-1': {
        a: {
          i1: { state: 'DANCING', substate: 'DANCING', additional_info: '' },
        },
        b: {
          i2: { state: 'REMOVED', substate: 'REMOVED', additional_info: '' },
        },
        c: {
          i3: { state: 'RUNNING', substate: 'RUNNING_OK', additional_info: '' },
        },
      },
      other: {
        d: {
          i4: { state: 'RUNNING', substate: 'RUNNING_OK', additional_info: '' },
        },
      },
    };

    const read = readStateAnswer('car-1', answer);

    expect(read.workloadStates).toEqual({ c: { i3: running() } });
    expect(read.problems).toEqual(['unknown execution state of a/i1']);
  });

  it('rejects a desired state Ankaios would not accept and says why', () => {
    const answer = sdkAnswer('car-1', desiredState({}), {});
    answer.desired_state = {
      api_version: 'v1',
      workloads: {
        w: { agent: 'car-1', runtime: 'docker', runtimeConfig: '' },
      },
      configs: {},
    };

    const read = readStateAnswer('car-1', answer);

    expect(read.desiredState).toBeNull();
    expect(read.problems[0]).toContain("Unsupported runtime 'docker'");
  });
});
