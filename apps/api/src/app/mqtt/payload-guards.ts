import { hasOwn } from '@fleet/shared/ankaios/util';
import { SUB_STATES, VEHICLE_STATES } from '@fleet/shared/contracts';
import type {
  AgentHello,
  AgentLoad,
  AgentStatusMessage,
  CarCommandResult,
  ExecutionState,
  LogLine,
  VehicleTelemetry,
  WorkloadHealth,
  WorkloadStatesReport,
} from '@fleet/shared/contracts';

// Type guards for everything the agents publish: a payload that fails one is logged and dropped.

type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number =>
  typeof v === 'number' && Number.isFinite(v);
/** Every value passes `item`; walks the keys without copying them (it runs on every car report). */
function isMapOf<T>(
  value: unknown,
  item: (v: unknown) => v is T,
): value is Record<string, T> {
  if (!isRecord(value)) return false;
  for (const key in value)
    if (hasOwn(value, key) && !item(value[key])) return false;
  return true;
}

const isStringMap = (v: unknown): v is Record<string, string> =>
  isMapOf(v, isString);

export function isAgentStatusMessage(v: unknown): v is AgentStatusMessage {
  return (
    isRecord(v) &&
    isString(v['name']) &&
    typeof v['online'] === 'boolean' &&
    isString(v['instanceId']) &&
    isString(v['at'])
  );
}

/** A status message of the car the topic names. */
export const isOwnStatus = (
  v: unknown,
  carId: string,
): v is AgentStatusMessage => isAgentStatusMessage(v) && v.name === carId;

export function isAgentHello(v: unknown): v is AgentHello {
  return (
    isRecord(v) &&
    isString(v['name']) &&
    isString(v['protocolVersion']) &&
    isString(v['instanceId']) &&
    isStringMap(v['tags']) &&
    Number.isInteger(v['pid']) &&
    (v['pid'] as number) > 0 &&
    isString(v['startedAt'])
  );
}

export function isAgentLoad(v: unknown): v is AgentLoad {
  return isRecord(v) && isNumber(v['cpuUsage']) && isNumber(v['freeMemory']);
}

export function isVehicleTelemetry(v: unknown): v is VehicleTelemetry {
  return (
    isRecord(v) &&
    VEHICLE_STATES.includes(v['state'] as never) &&
    isNumber(v['speedKmh']) &&
    isNumber(v['batteryPct']) &&
    isString(v['region']) &&
    isString(v['at'])
  );
}

export function isExecutionState(v: unknown): v is ExecutionState {
  return (
    isRecord(v) &&
    isString(v['state']) &&
    v['state'] in SUB_STATES &&
    isString(v['subState']) &&
    isString(v['additionalInfo'])
  );
}

const HEALTH: readonly WorkloadHealth[] = ['healthy', 'unhealthy', 'unknown'];
const isHealth = (v: unknown): v is WorkloadHealth =>
  HEALTH.includes(v as WorkloadHealth);
const isInstances = (v: unknown): v is Record<string, ExecutionState> =>
  isMapOf(v, isExecutionState);

export function isWorkloadStatesReport(v: unknown): v is WorkloadStatesReport {
  return (
    isRecord(v) &&
    isString(v['agent']) &&
    isMapOf(v['workloadStates'], isInstances) &&
    (v['version'] === null || isString(v['version'])) &&
    isMapOf(v['health'], isHealth) &&
    isString(v['at'])
  );
}

export function isCarCommandResult(v: unknown): v is CarCommandResult {
  return (
    isRecord(v) &&
    isString(v['requestId']) &&
    typeof v['ok'] === 'boolean' &&
    (v['error'] === undefined || isString(v['error'])) &&
    (v['at'] === undefined ||
      (isString(v['at']) && !Number.isNaN(Date.parse(v['at']))))
  );
}

const LEVELS = ['debug', 'info', 'warn', 'error'];

export function isLogLine(v: unknown): v is LogLine {
  return (
    isRecord(v) &&
    isString(v['carId']) &&
    isString(v['workload']) &&
    isString(v['at']) &&
    LEVELS.includes(v['level'] as string) &&
    isString(v['message'])
  );
}

/** A short, safe description of a dropped payload for the log. */
export function preview(payload: unknown): string {
  const text =
    typeof payload === 'string'
      ? payload
      : (JSON.stringify(payload) ?? String(payload));
  return text.length > 120 ? `${text.slice(0, 120)}...` : text;
}
