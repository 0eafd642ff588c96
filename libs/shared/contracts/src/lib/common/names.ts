/** Ankaios agent and workload names: `[a-zA-Z0-9_-]{1,63}`. A car id is its agent name. */
export const ANKAIOS_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,63}$/;

/** Region keys are lower-case words (`munich`, `berlin`, `los-angeles`). */
export const REGION_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;

export function isAnkaiosName(value: unknown): value is string {
  return typeof value === 'string' && ANKAIOS_NAME_PATTERN.test(value);
}
