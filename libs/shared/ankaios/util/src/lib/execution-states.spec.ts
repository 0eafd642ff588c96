import type { AddCondition, ExecutionState } from '@fleet/shared/contracts';
import {
  addConditionFulfilled,
  deleteConditionFulfilled,
  ExecutionStates as S,
  transition,
} from './execution-states';

describe(transition.name, () => {
  it.each<[string, ExecutionState, ExecutionState, ExecutionState]>([
    ['WaitingToStop ignores a late Running', S.waitingToStop(), S.running(), S.waitingToStop()],
    ['RequestedAtRuntime ignores Running', S.stoppingRequested(), S.running(), S.stoppingRequested()],
    ['RequestedAtRuntime ignores Succeeded', S.stoppingRequested(), S.succeeded(), S.stoppingRequested()],
    ['RequestedAtRuntime ignores Failed', S.stoppingRequested(), S.failed('x'), S.stoppingRequested()],
    ['RequestedAtRuntime ignores Lost', S.stoppingRequested(), S.lost(), S.stoppingRequested()],
    ['RequestedAtRuntime ignores Unknown', S.stoppingRequested(), S.unknown('x'), S.stoppingRequested()],
    ['RequestedAtRuntime takes DeleteFailed', S.stoppingRequested(), S.deleteFailed('x'), S.deleteFailed('x')],
    ['RequestedAtRuntime takes Stopping', S.stoppingRequested(), S.stopping(), S.stopping()],
    ['DeleteFailed takes Running', S.deleteFailed('x'), S.running(), S.running()],
    ['Running takes Failed', S.running(), S.failed('crashed'), S.failed('crashed')],
    ['nothing takes anything', undefined as unknown as ExecutionState, S.initial(), S.initial()],
  ])('%s', (_name, current, incoming, expected) => {
    expect(transition(current, incoming)).toEqual(expected);
  });
});

describe(addConditionFulfilled.name, () => {
  it.each<[AddCondition, ExecutionState | undefined, boolean]>([
    ['ADD_COND_RUNNING', S.running(), true],
    ['ADD_COND_RUNNING', S.startingTriggered(), false],
    ['ADD_COND_RUNNING', undefined, false],
    ['ADD_COND_SUCCEEDED', S.succeeded(), true],
    ['ADD_COND_SUCCEEDED', S.failed('1'), false],
    ['ADD_COND_FAILED', S.failed('1'), true],
    ['ADD_COND_FAILED', S.lost(), false],
    ['ADD_COND_FAILED', S.noMoreRetries('x'), false],
  ])('%s with %j is %s', (condition, state, expected) => {
    expect(addConditionFulfilled(condition, state)).toBe(expected);
  });
});

describe(deleteConditionFulfilled.name, () => {
  it.each<[string, ExecutionState | undefined, boolean]>([
    ['a deleted dependent', undefined, true],
    ['a running dependent', S.running(), false],
    ['a starting dependent', S.startingTriggered(), false],
    ['a dependent waiting to start', S.waitingToStart(), true],
    ['a succeeded dependent', S.succeeded(), true],
    ['a stopping dependent', S.stoppingRequested(), true],
  ])('is fulfilled by %s: %s', (_name, state, expected) => {
    expect(deleteConditionFulfilled(state)).toBe(expected);
  });
});
