import type { DeployableStatus } from '@fleet/shared/contracts';
import {
  ReconcileKeys,
  reconcilePhaseOf,
} from '../symphony/reconcile/reconcile-status';
import { HISTORY_PROPERTY } from './update-runner';

/** How long an owed update waits (for a park, for its request to leave, for the car's answer) before it is given up. */
export const RESUME_WINDOW_MS = 24 * 3600_000;
/** How an update that never reached the car within `RESUME_WINDOW_MS` ends. */
export const GAVE_UP_UNSENT =
  'given up: the request could not reach the car within 24 h';
/** How a deployment the car never answered (the API stopped meanwhile) ends once `RESUME_WINDOW_MS` has passed. */
export const GAVE_UP_SENT =
  'given up: the car did not answer within 24 h of the request';

/** Why an interrupted update was not resumed: the car parked again only after `RESUME_WINDOW_MS`, or never. */
export const GAVE_UP_PARK =
  'given up: the car did not park again within 24 h of the interruption';

const AGAIN = 'request it again if it is still wanted';

/** The history message of an update given up that never left the API, waiting since `since` (ISO 8601). */
export function unsentGivenUp(since: string): string {
  return `${GAVE_UP_UNSENT} (waiting since ${since}); ${AGAIN}`;
}

/** The history message of a deployment given up that the car never answered, requested at `requestedAt`. */
export function sentGivenUp(requestedAt: string): string {
  return `${GAVE_UP_SENT} (requested at ${requestedAt}); ${AGAIN}`;
}

/**
 * The status of an Instance whose interrupted update (history entry `entryId`, interrupted at `since`) was given
 * up: its reconcile is `done`, so that no later start owes it again. Undefined (leave it) when the Instance no
 * longer waits for that entry's park: another update was written to it since.
 */
export function parkGivenUpStatus(
  status: DeployableStatus | undefined,
  entryId: string | null,
  since: string,
  at: string,
): DeployableStatus | undefined {
  if (
    !status ||
    reconcilePhaseOf(status) !== 'waiting-for-park' ||
    (status.properties?.[HISTORY_PROPERTY] ?? null) !== entryId
  )
    return undefined;
  return {
    ...status,
    properties: {
      ...status.properties,
      [ReconcileKeys.phase]: 'done',
      [ReconcileKeys.message]: `${GAVE_UP_PARK} (interrupted at ${since}); ${AGAIN}`,
    },
    lastModified: at,
  };
}
