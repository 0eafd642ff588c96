import { formatExecutionState } from '@fleet/shared/contracts';
import type {
  CarWorkloadDetail,
  CompleteState,
  DesiredState,
  FleetCompleteState,
} from '@fleet/shared/contracts';
import { deepClone, disconnectedView } from '@fleet/shared/ankaios/util';
import type { CarMirror } from './car-mirror';
import { instanceSpecOf, UNKNOWN_SPEC } from './instance-spec';

const emptyDesired = (): DesiredState => ({
  apiVersion: 'v1',
  workloads: {},
  configs: {},
});

/**
 * One car's cluster as `ank get state -o json` prints it. While the agent is not connected its workloads show
 * AgentDisconnected and it leaves `agents`, as the Ankaios server shows a disconnected agent.
 */
export function carCompleteState(car: CarMirror): CompleteState {
  const state: CompleteState = {
    desiredState: car.desired ? deepClone(car.desired) : emptyDesired(),
    workloadStates:
      Object.keys(car.states).length > 0
        ? { [car.id]: deepClone(car.states) }
        : {},
    agents: { [car.id]: deepClone(car.agent) },
  };
  return car.connected ? state : disconnectedView(state, car.id);
}

/** Every car's cluster in one view; desired workloads and configs are keyed by agent (see FleetCompleteState). */
export function fleetCompleteState(
  cars: Iterable<CarMirror>,
): FleetCompleteState {
  const fleet: FleetCompleteState = {
    desiredState: { apiVersion: 'v1', workloads: {}, configs: {} },
    workloadStates: {},
    agents: {},
  };
  for (const car of cars) {
    const state = carCompleteState(car);
    if (car.desired) {
      fleet.desiredState.workloads[car.id] = state.desiredState.workloads;
      fleet.desiredState.configs[car.id] = state.desiredState.configs;
    }
    Object.assign(fleet.workloadStates, state.workloadStates);
    Object.assign(fleet.agents, state.agents);
  }
  return fleet;
}

/** One row per workload instance, by workload name; runtime and image from the rendered workload of that instance. */
export function carWorkloads(car: CarMirror): CarWorkloadDetail[] {
  const states = carCompleteState(car).workloadStates[car.id] ?? {};
  return Object.keys(states)
    .sort((a, b) => a.localeCompare(b))
    .flatMap((name) =>
      Object.entries(states[name]).map(([instanceId, executionState]) => {
        const desired = car.desired?.workloads[name];
        const spec =
          car.specs.get(instanceId) ??
          (desired ? instanceSpecOf(desired) : UNKNOWN_SPEC);
        return {
          name,
          instanceId,
          ...spec,
          dependencies: { ...spec.dependencies },
          executionState,
          display: formatExecutionState(executionState),
          health: car.connected ? (car.health[name] ?? 'unknown') : 'unknown',
        };
      }),
    );
}
