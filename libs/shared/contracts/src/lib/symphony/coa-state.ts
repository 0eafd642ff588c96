/**
 * COA state codes (coa/pkg/apis/v1alpha2/types.go, `State`), as integers on the wire: in
 * `COAResponse.state`, `ComponentResultSpec.status` and activation statuses.
 */
export const CoaState = {
  OK: 200,
  Accepted: 202,
  BadRequest: 400,
  /** HTTP 401 from Symphony's REST layer (missing or bad token); not a named v1alpha2 State. */
  Unauthenticated: 401,
  /** Symphony names 403 `Unauthorized`. */
  Unauthorized: 403,
  NotFound: 404,
  MethodNotAllowed: 405,
  Conflict: 409,
  InternalError: 500,
  BadConfig: 1000,
  MissingConfig: 1001,
  InvalidArgument: 2000,
  DeserializeError: 5001,
  UpdateFailed: 8001,
  DeleteFailed: 8002,
  ValidateFailed: 8003,
  Updated: 8004,
  Deleted: 8005,
  Canceled: 8006,
  Running: 9994,
  Paused: 9995,
  Done: 9996,
  Delayed: 9997,
  Untouched: 9998,
  NotImplemented: 9999,
  /** First of Symphony's detailed provider codes (10000-10058, 11000-11004, 12000 are taken). */
  InitFailed: 10000,
  MqttApplyTimeout: 10029,
  TimedOut: 11004,
} as const;

/**
 * This project's provider codes. Symphony reserves >= 10000 for provider detail but already uses
 * 10000-10058, 11000-11004 and 12000, so ours start at 19001 to stay distinct.
 */
export const FleetProviderState = {
  /**
   * `interrupted: vehicle started driving`. The car stopped the install, restored its previous
   * workloads, and will accept the same deployment again once parked. Not a failure.
   */
  Interrupted: 19001,
  /**
   * `not sent`: the request never left the API (the publish to the broker failed or timed out, or too many
   * requests already waited for answers). The car got nothing; sending again is safe. Not a failure of the car.
   */
  NotSent: 19002,
} as const;

export type CoaStateCode =
  | (typeof CoaState)[keyof typeof CoaState]
  | (typeof FleetProviderState)[keyof typeof FleetProviderState];

const NAMES: Record<number, string> = {
  ...Object.fromEntries(
    Object.entries(CoaState).map(([name, code]) => [code, name]),
  ),
  [FleetProviderState.Interrupted]: 'Interrupted',
  [FleetProviderState.NotSent]: 'NotSent',
};

/** A readable name for a code (`8004` -> `Updated`), `State <n>` for codes nobody named. */
export function coaStateName(code: number): string {
  return NAMES[code] ?? `State ${code}`;
}

/** COA responses the MQTT provider treats as success (`OK` or `Accepted`). */
export function isCoaOk(state: number): boolean {
  return state === CoaState.OK || state === CoaState.Accepted;
}
