import { FAULT_KINDS, VEHICLE_STATES } from '@fleet/shared/contracts';
import type { AgentStatusMessage, CarCommand, FaultRule, FaultRuleSet } from '@fleet/shared/contracts';
import { isRecord } from './parse-json';

const isString = (v: unknown): v is string => typeof v === 'string';
const isNonEmptyString = (v: unknown): v is string => isString(v) && v.length > 0;
const isOptional = <T>(v: unknown, guard: (x: unknown) => x is T): boolean => v === undefined || guard(v);

export function isCarCommand(value: unknown): value is CarCommand {
  if (!isRecord(value) || !isNonEmptyString(value['requestId'])) return false;
  switch (value['type']) {
    case 'set-vehicle-state':
      return VEHICLE_STATES.some((s) => s === value['state']);
    case 'shutdown':
      return true;
    case 'refuse':
      return isString(value['reason']) && isNonEmptyString(value['instanceId']);
    default:
      return false;
  }
}

/** The requestId of a payload that failed its guard, so the sender still gets an answer. */
export function readableRequestId(value: unknown): string | null {
  return isRecord(value) && isNonEmptyString(value['requestId']) ? value['requestId'] : null;
}

export function isAgentStatusMessage(value: unknown): value is AgentStatusMessage {
  return (
    isRecord(value) &&
    isString(value['name']) &&
    typeof value['online'] === 'boolean' &&
    isString(value['instanceId']) &&
    isString(value['at'])
  );
}

export function isFaultRule(value: unknown): value is FaultRule {
  if (!isRecord(value)) return false;
  const probability = value['probability'];
  const after = value['afterSeconds'];
  return (
    isNonEmptyString(value['image']) &&
    FAULT_KINDS.some((k) => k === value['fault']) &&
    typeof probability === 'number' &&
    probability >= 0 &&
    probability <= 1 &&
    isOptional(value['region'], isString) &&
    (after === undefined || (typeof after === 'number' && Number.isFinite(after) && after >= 0))
  );
}

/** A FaultRuleSet; `updatedAt` may be missing (the default faults file has none). */
export function isFaultRuleSet(value: unknown): value is Omit<FaultRuleSet, 'updatedAt'> & { updatedAt?: string } {
  return (
    isRecord(value) &&
    Array.isArray(value['rules']) &&
    value['rules'].every(isFaultRule) &&
    isOptional(value['updatedAt'], isString)
  );
}

/** The body of `vehicle/<id>/state/req`: a JSON list of field masks. */
export function isFieldMaskList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every(isNonEmptyString);
}
