import type {
  ManifestResponse,
  SdkCompleteState,
  SdkWorkloadInstanceName,
} from '@fleet/shared/contracts';
import { isRecord } from '../../mqtt/payload-guards';

const isInstanceName = (v: unknown): v is SdkWorkloadInstanceName =>
  isRecord(v) &&
  typeof v['agent_name'] === 'string' &&
  typeof v['workload_name'] === 'string' &&
  typeof v['workload_id'] === 'string';

export function isManifestResponse(v: unknown): v is ManifestResponse {
  return (
    isRecord(v) &&
    Array.isArray(v['added_workloads']) &&
    v['added_workloads'].every(isInstanceName) &&
    Array.isArray(v['deleted_workloads']) &&
    v['deleted_workloads'].every(isInstanceName) &&
    (v['error'] === undefined || typeof v['error'] === 'string')
  );
}

/** The SDK answer's sections are mappings when present; their content is read leniently later. */
export function isSdkCompleteState(v: unknown): v is SdkCompleteState {
  return (
    isRecord(v) &&
    ['desired_state', 'workload_states', 'agents'].every(
      (key) => v[key] === undefined || isRecord(v[key]),
    ) &&
    (v['error'] === undefined || typeof v['error'] === 'string')
  );
}

/**
 * The contract carries no request id, so an answer is matched to the car's oldest open request. It can only
 * be ours if every workload it names is one our manifest names; an answer to somebody else's request that
 * names others is skipped.
 */
export function answersManifest(
  answer: ManifestResponse,
  workloadNames: ReadonlySet<string>,
): boolean {
  return [...answer.added_workloads, ...answer.deleted_workloads].every((w) =>
    workloadNames.has(w.workload_name),
  );
}
