/** Ankaios agent and workload names: `[a-zA-Z0-9_-]{1,63}`. A car id is its agent name. */
export const ANKAIOS_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,63}$/;

/** Region keys are lower-case words (`munich`, `berlin`, `los-angeles`). */
export const REGION_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;

export function isAnkaiosName(value: unknown): value is string {
  return typeof value === 'string' && ANKAIOS_NAME_PATTERN.test(value);
}

/**
 * Names no car may take: the API's MQTT user `fleet-api` (and every name starting with it, which a car could
 * use to take over the API's client id) and `ank-server`, the broker's certificate name.
 */
export const NOT_RESERVED_CAR_NAME = /^(?!fleet-api)(?!ank-server$)/;

export function isReservedCarName(name: string): boolean {
  return !NOT_RESERVED_CAR_NAME.test(name);
}
