import { createHash } from 'node:crypto';
import type {
  AgentAttributes,
  DesiredState,
  ExecutionState,
  WorkloadHealth,
  WorkloadStatesReport,
} from '@fleet/shared/contracts';
import {
  deepEqual,
  hasOwn,
  renderDesiredState,
} from '@fleet/shared/ankaios/util';
import { keepEqual } from '../../common/keep-equal';
import type { StateAnswer } from './sdk-state';
import { InstanceSpec, instanceSpecOf } from './instance-spec';

export type WorkloadInstances = Record<string, Record<string, ExecutionState>>;

/** What the API knows about one car's Ankaios cluster (its server and its one agent, named by the car id). */
export interface CarMirror {
  id: string;
  /** The agent is connected (the car is `online`); otherwise its workloads show AgentDisconnected. */
  connected: boolean;
  /** From the polling answers; null until the first one. */
  desired: DesiredState | null;
  /** The answer's `desired_state` as JSON text, to know an unchanged one without reading it again. */
  desiredText: string | null;
  /** The rendered workload behind each instance id seen in the desired state, kept while the instance lives. */
  specs: Map<string, InstanceSpec>;
  /** The instance ids the desired state renders to. */
  desiredIds: Set<string>;
  /** The agent's slice of `workloadStates`. */
  states: WorkloadInstances;
  /** API clock (ms) when `states` was last taken from a report or an answer. */
  statesAt: number | null;
  /** The agent's own stamp of the last report applied, to drop reports that arrive out of order. */
  reportAt: string | null;
  health: Record<string, WorkloadHealth>;
  agent: AgentAttributes;
}

export function newCarMirror(
  id: string,
  tags: Record<string, string>,
): CarMirror {
  return {
    id,
    connected: false,
    desired: null,
    desiredText: null,
    specs: new Map(),
    desiredIds: new Set(),
    states: {},
    statesAt: null,
    reportAt: null,
    health: {},
    agent: { status: { cpuUsage: 0, freeMemory: 0 }, tags: { ...tags } },
  };
}

/** Ankaios' instance id: sha256 (hex) of the rendered runtimeConfig, as the car computes it. */
export const instanceIdOf = (renderedRuntimeConfig: string): string =>
  createHash('sha256').update(renderedRuntimeConfig).digest('hex');

/** A pushed `workload-states` report; false when it is older than the one applied last. */
export function applyReport(
  car: CarMirror,
  report: WorkloadStatesReport,
  now: number,
): boolean {
  if (car.reportAt !== null && report.at < car.reportAt) return false;
  car.reportAt = report.at;
  // Most reports repeat the last one (a heartbeat): keeping the old objects lets the parsed report die young,
  // and such a report is compared without copying it first.
  const states = car.states;
  car.states = needsCleaning(report.workloadStates)
    ? keepEqual(states, withoutRemoved(report.workloadStates))
    : keepEqual(states, report.workloadStates);
  car.statesAt = now;
  if (!deepEqual(car.health, report.health)) car.health = { ...report.health };
  // The instances alive change only with the states (the desired ones only with an answer).
  if (car.states !== states) pruneSpecs(car);
  return true;
}

/** The report names a workload instance the desired state has not shown yet (a deployment changed it). */
export function namesUnknownInstances(
  car: CarMirror,
  report: WorkloadStatesReport,
): boolean {
  return Object.values(report.workloadStates ?? {}).some((instances) =>
    Object.keys(instances ?? {}).some(
      (id) => !car.desiredIds.has(id) && !car.specs.has(id),
    ),
  );
}

/**
 * A polling answer to a request sent at `sentAt`. Its workload states replace the mirror's only when no
 * report arrived since the request went out (a report is at least as fresh); the desired state always does.
 */
export function applyAnswer(
  car: CarMirror,
  answer: StateAnswer,
  sentAt: number,
  now: number,
): { statesTaken: boolean } {
  const states = car.states;
  const desired = car.desired;
  // The same object: an unchanged desired state (see `desiredText`), already rendered.
  if (answer.desiredState && answer.desiredState !== car.desired)
    setDesired(car, answer.desiredState);
  // Most answers repeat the last one (polled every 30 s): the old objects are kept where nothing changed.
  if (answer.agent) car.agent = keepEqual(car.agent, answer.agent);
  const statesTaken = car.statesAt === null || car.statesAt <= sentAt;
  if (statesTaken) {
    car.states = keepEqual(car.states, answer.workloadStates);
    car.statesAt = now;
    car.health = keepEqual(car.health, healthAfterAnswer(car));
  }
  if (car.states !== states || car.desired !== desired) pruneSpecs(car);
  return { statesTaken };
}

/**
 * Health is not part of Ankaios' state, but most of it follows from the states, as the car derives it (its
 * `healthOf`): Failed and Pending(StartingFailed) are unhealthy, Succeeded healthy, any other state but Running
 * unknown. Only a running workload's health is the car's own signal, kept from its last report. Without this
 * an answer that arrives before the car's next report would show a failed workload with the health it had
 * while starting. Workloads the answer no longer has lose their health.
 */
function healthAfterAnswer(car: CarMirror): Record<string, WorkloadHealth> {
  const health: Record<string, WorkloadHealth> = {};
  for (const [name, instances] of Object.entries(car.states)) {
    const states = Object.values(instances);
    health[name] = states.some((s) => s.state === 'Running')
      ? (car.health[name] ?? 'unknown')
      : states.some(
            (s) => s.state === 'Failed' || s.subState === 'StartingFailed',
          )
        ? 'unhealthy'
        : states.some((s) => s.state === 'Succeeded')
          ? 'healthy'
          : 'unknown';
  }
  return health;
}

function setDesired(car: CarMirror, desired: DesiredState): void {
  car.desired = desired;
  car.desiredIds = new Set();
  const rendered = renderDesiredState(desired, instanceIdOf);
  if (!rendered.ok) return;
  for (const workload of Object.values(rendered.value)) {
    car.desiredIds.add(workload.instanceId);
    car.specs.set(workload.instanceId, instanceSpecOf(workload.spec));
  }
}

/** Keeps the specs of instances that are desired or still have a state (e.g. an old version stopping). */
function pruneSpecs(car: CarMirror): void {
  for (const id of car.specs.keys())
    if (!car.desiredIds.has(id) && !hasInstance(car.states, id))
      car.specs.delete(id);
}

function hasInstance(states: WorkloadInstances, id: string): boolean {
  for (const name in states) if (hasOwn(states[name], id)) return true;
  return false;
}

/** What `withoutRemoved` would change: a `Removed` instance, or a workload with no instances. */
function needsCleaning(states: WorkloadInstances): boolean {
  for (const name in states) {
    const instances = states[name];
    let count = 0;
    for (const id in instances) {
      if (instances[id].state === 'Removed') return true;
      count++;
    }
    if (count === 0) return true;
  }
  return false;
}

function withoutRemoved(states: WorkloadInstances): WorkloadInstances {
  const result: WorkloadInstances = {};
  for (const [name, instances] of Object.entries(states)) {
    const kept = Object.entries(instances).filter(
      ([, s]) => s.state !== 'Removed',
    );
    if (kept.length > 0) result[name] = Object.fromEntries(kept);
  }
  return result;
}
