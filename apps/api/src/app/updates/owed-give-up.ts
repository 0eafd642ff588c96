/** How long an owed update waits (for a park, for its request to leave, for the car's answer) before it is given up. */
export const RESUME_WINDOW_MS = 24 * 3600_000;
/** How an update that never reached the car within `RESUME_WINDOW_MS` ends. */
export const GAVE_UP_UNSENT =
  'given up: the request could not reach the car within 24 h';
/** How a deployment the car never answered (the API stopped meanwhile) ends once `RESUME_WINDOW_MS` has passed. */
export const GAVE_UP_SENT =
  'given up: the car did not answer within 24 h of the request';

const AGAIN = 'request it again if it is still wanted';

/** The history message of an update given up that never left the API, waiting since `since` (ISO 8601). */
export function unsentGivenUp(since: string): string {
  return `${GAVE_UP_UNSENT} (waiting since ${since}); ${AGAIN}`;
}

/** The history message of a deployment given up that the car never answered, requested at `requestedAt`. */
export function sentGivenUp(requestedAt: string): string {
  return `${GAVE_UP_SENT} (requested at ${requestedAt}); ${AGAIN}`;
}
