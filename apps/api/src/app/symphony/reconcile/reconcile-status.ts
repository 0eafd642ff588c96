import type { DeployableStatus } from '@fleet/shared/contracts';
import type { FinishedResult } from './outcome';

/** Keys of an Instance's `status.properties` that record its reconcile, so a restarted API can finish it. */
export const ReconcileKeys = {
  /** Symphony's own summary word: Reconciling, Succeeded, Failed, Interrupted, Refused. */
  status: 'status',
  generation: 'generation',
  /** `in-progress` (sent, no answer yet), `waiting-for-park` (interrupted or refused while driving), `done`. */
  phase: 'fleet.ota/reconcile',
  job: 'fleet.ota/job',
  message: 'fleet.ota/message',
} as const;

export type ReconcilePhase = 'in-progress' | 'waiting-for-park' | 'done';

const WORDS: Record<FinishedResult, string> = {
  succeeded: 'Succeeded',
  failed: 'Failed',
  interrupted: 'Interrupted',
  refused: 'Refused',
};

export function startedStatus(
  generation: number,
  jobId: string,
  extra: Record<string, string>,
  at: string,
): DeployableStatus {
  return {
    properties: {
      ...extra,
      [ReconcileKeys.status]: 'Reconciling',
      [ReconcileKeys.generation]: String(generation),
      [ReconcileKeys.phase]: 'in-progress',
      [ReconcileKeys.job]: jobId,
    },
    lastModified: at,
  };
}

export function finishedStatus(
  started: DeployableStatus,
  result: FinishedResult,
  message: string,
  at: string,
  unconfirmed = false,
): DeployableStatus {
  const waits = result === 'interrupted' || result === 'refused';
  // Unknown stays in progress: the car may still finish, and a restarted API sends it again (same job).
  const phase = unconfirmed
    ? 'in-progress'
    : waits
      ? 'waiting-for-park'
      : 'done';
  return {
    properties: {
      ...started.properties,
      [ReconcileKeys.status]: unconfirmed ? 'Unknown' : WORDS[result],
      [ReconcileKeys.phase]: phase,
      [ReconcileKeys.message]: message,
    },
    lastModified: at,
  };
}

export function reconcilePhaseOf(
  status: DeployableStatus | undefined,
): ReconcilePhase | null {
  const phase = status?.properties?.[ReconcileKeys.phase];
  return phase === 'in-progress' ||
    phase === 'waiting-for-park' ||
    phase === 'done'
    ? phase
    : null;
}
