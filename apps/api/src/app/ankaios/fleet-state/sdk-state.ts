import { SUB_STATES } from '@fleet/shared/contracts';
import type {
  AgentAttributes,
  DesiredState,
  ExecutionState,
  ExecutionStateName,
  SdkCompleteState,
} from '@fleet/shared/contracts';
import {
  isPlainObject,
  toDesiredState,
  toSdkExecutionState,
} from '@fleet/shared/ankaios/util';

/** The camelCase parts of a fleet-connector state answer (`vehicle/<id>/state/resp`). */
export interface StateAnswer {
  /** Null when the answer carries none (masked out: `api_version` is then empty) or an invalid one. */
  desiredState: DesiredState | null;
  /** Only the named agent's slice: `workload -> instanceId -> state`. */
  workloadStates: Record<string, Record<string, ExecutionState>>;
  agent: AgentAttributes | null;
  /** What could not be read, for the log. */
  problems: string[];
}

type SdkState = { state: string; substate: string };

/** SDK enum names (`PENDING` / `PENDING_STARTING`) back to Ankaios' camelCase, built from the forward mapping. */
const FROM_SDK = new Map<
  string,
  { state: ExecutionStateName; subState: string }
>(
  Object.entries(SUB_STATES).flatMap(([state, subStates]) =>
    subStates.map((subState) => {
      const name = state as ExecutionStateName;
      const sdk = toSdkExecutionState({
        state: name,
        subState,
        additionalInfo: '',
      });
      return [
        `${sdk.state}/${sdk.substate}`,
        { state: name, subState },
      ] as const;
    }),
  ),
);

export function fromSdkExecutionState(
  sdk: SdkState & { additional_info?: string },
): ExecutionState | null {
  const known = FROM_SDK.get(`${sdk.state}/${sdk.substate}`);
  return known ? { ...known, additionalInfo: sdk.additional_info ?? '' } : null;
}

/** Reads one car's answer; anything malformed is left out and named in `problems`. */
export function readStateAnswer(
  agentName: string,
  answer: SdkCompleteState,
  /** The desired state read from an identical `desired_state` before: taken as it is, not read again. */
  known: DesiredState | null = null,
): StateAnswer {
  const problems: string[] = [];
  return {
    desiredState: known ?? readDesired(answer.desired_state, problems),
    workloadStates: readStates(answer.workload_states?.[agentName], problems),
    agent: readAgent(answer.agents?.[agentName]),
    problems,
  };
}

function readDesired(
  desired: SdkCompleteState['desired_state'],
  problems: string[],
): DesiredState | null {
  if (!desired || !desired.api_version) return null;
  const state = toDesiredState({
    apiVersion: desired.api_version,
    workloads: desired.workloads,
    configs: desired.configs,
  });
  if (state.ok) return state.value;
  problems.push(`desired state: ${state.error}`);
  return null;
}

function readStates(
  slice: unknown,
  problems: string[],
): Record<string, Record<string, ExecutionState>> {
  const result: Record<string, Record<string, ExecutionState>> = {};
  if (!isPlainObject(slice)) return result;
  for (const [workload, instances] of Object.entries(slice)) {
    if (!isPlainObject(instances)) continue;
    for (const [id, raw] of Object.entries(instances)) {
      const state = isSdkState(raw) ? fromSdkExecutionState(raw) : null;
      if (!state) {
        problems.push(`unknown execution state of ${workload}/${id}`);
        continue;
      }
      if (state.state === 'Removed') continue;
      (result[workload] ??= {})[id] = state;
    }
  }
  return result;
}

function readAgent(raw: unknown): AgentAttributes | null {
  if (!isPlainObject(raw) || !isPlainObject(raw['status'])) return null;
  const status = raw['status'];
  const tags = isPlainObject(raw['tags']) ? raw['tags'] : {};
  return {
    status: {
      cpuUsage: numberOr0(status['cpu_usage']),
      freeMemory: numberOr0(status['free_memory']),
    },
    tags: Object.fromEntries(
      Object.entries(tags).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      ),
    ),
  };
}

function isSdkState(v: unknown): v is SdkState & { additional_info?: string } {
  return (
    isPlainObject(v) &&
    typeof v['state'] === 'string' &&
    typeof v['substate'] === 'string' &&
    (v['additional_info'] === undefined ||
      typeof v['additional_info'] === 'string')
  );
}

function numberOr0(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}
