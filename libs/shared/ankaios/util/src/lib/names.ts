// Naming rules and texts of ankaios_api workload.rs (verify_workload_name_format, verify_agent_name_format,
// verify_config_reference_format).
export const ALLOWED_SYMBOLS = '[a-zA-Z0-9_-]';
export const STR_RE_CONFIG_REFERENCES = '^[a-zA-Z0-9_-]*$';
export const MAX_NAME_LENGTH = 63;
const PATTERN = /^[a-zA-Z0-9_-]*$/;

export function workloadNameError(name: string): string | null {
  const reason = !PATTERN.test(name)
    ? `Expected to have characters in ${ALLOWED_SYMBOLS}.`
    : name.length === 0
      ? 'Is empty.'
      : name.length > MAX_NAME_LENGTH
        ? `Length ${name.length} exceeds the maximum limit of ${MAX_NAME_LENGTH} characters.`
        : null;
  return reason && `Unsupported workload name '${name}'. ${reason}`;
}

/** An empty agent is allowed: the workload is then NotScheduled. */
export function agentNameError(agent: string): string | null {
  if (!PATTERN.test(agent) || agent.length > MAX_NAME_LENGTH)
    return `Unsupported agent name. Received '${agent}', expected to have characters in ${ALLOWED_SYMBOLS}`;
  return null;
}

export function configKeyError(key: string): string | null {
  return PATTERN.test(key) && key.length > 0 && key.length <= MAX_NAME_LENGTH
    ? null
    : `Unsupported config item key '${key}'. It may contain only the characters ${ALLOWED_SYMBOLS} and at most ${MAX_NAME_LENGTH} of them.`;
}

export function configReferenceError(alias: string, reference: string): string | null {
  if (!PATTERN.test(alias))
    return `Unsupported config alias. Received '${alias}', expected to have characters in ${STR_RE_CONFIG_REFERENCES}`;
  if (!PATTERN.test(reference))
    return `Unsupported config reference key. Received '${reference}', expected to have characters in ${STR_RE_CONFIG_REFERENCES}`;
  return null;
}
