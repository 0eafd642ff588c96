import { ANKAIOS_NAME_PATTERN, REGION_PATTERN } from '../common/names';
import {
  CAR_SELECTOR_KEYS,
  STAGE_FAILURE_POLICIES,
  stageNameOf,
  WEEKDAYS,
} from './rollout-definition';
import type { RolloutStageDefinition } from './rollout-definition';

// Pure checks behind the rollout DTOs' validators (class-validator only: no nested class instances needed).

export const MAX_ROLLOUT_STAGES = 20;
export const MAX_STAGE_CARS = 500;
const STAGE_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const MODEL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const VERSION_LIKE = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;

const POLICY_NUMBERS: Record<string, [min: number, max: number]> = {
  soakSeconds: [0, 7 * 86400],
  successThresholdPct: [0, 100],
  errorThresholdPct: [0, 100],
  errorMinSample: [1, 10_000],
  inProgressTimeoutSeconds: [1, 7 * 86400],
  unreachableTimeoutSeconds: [1, 7 * 86400],
  stageDeadlineSeconds: [1, 30 * 86400],
  maxRetries: [0, 20],
  retryBackoffSeconds: [0, 3600],
  maxConcurrent: [1, 10_000],
  maxPerMinute: [1, 100_000],
};

type Checked = string | null;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownKeys(
  value: Record<string, unknown>,
  allowed: readonly string[],
  where: string,
): Checked {
  const extra = Object.keys(value).filter((k) => !allowed.includes(k));
  return extra.length > 0
    ? `${where} has unknown field(s) ${extra.join(', ')}`
    : null;
}

export function carSelectorError(value: unknown, where = 'selector'): Checked {
  if (!isObject(value))
    return `${where} must be an object such as {"region": "munich"}`;
  const keys = unknownKeys(value, CAR_SELECTOR_KEYS, where);
  if (keys) return keys;
  if (Object.keys(value).length === 0)
    return `${where} must name at least one of region, model, version`;
  const { region, model, version } = value;
  if (
    region !== undefined &&
    (typeof region !== 'string' || !REGION_PATTERN.test(region))
  )
    return `${where}.region must be a lower-case word such as "munich"`;
  if (
    model !== undefined &&
    (typeof model !== 'string' || !MODEL_PATTERN.test(model))
  )
    return `${where}.model must be a model name`;
  if (
    version !== undefined &&
    (typeof version !== 'string' || !VERSION_LIKE.test(version))
  )
    return `${where}.version must look like "1.2.3"`;
  return null;
}

export function stagePolicyError(value: unknown, where = 'policy'): Checked {
  if (!isObject(value)) return `${where} must be an object`;
  const keys = unknownKeys(
    value,
    [...Object.keys(POLICY_NUMBERS), 'onFailure'],
    where,
  );
  if (keys) return keys;
  for (const [key, [min, max]] of Object.entries(POLICY_NUMBERS)) {
    const v = value[key];
    if (
      v !== undefined &&
      (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    )
      return `${where}.${key} must be an integer from ${min} to ${max}`;
  }
  const onFailure = value['onFailure'];
  if (
    onFailure !== undefined &&
    !(STAGE_FAILURE_POLICIES as readonly unknown[]).includes(onFailure)
  )
    return `${where}.onFailure must be one of ${STAGE_FAILURE_POLICIES.join(', ')}`;
  return null;
}

function stageTargetError(
  stage: Record<string, unknown>,
  where: string,
): Checked {
  const given = ['selector', 'carIds', 'percent', 'batchSize'].filter(
    (k) => stage[k] !== undefined,
  );
  if (given.length !== 1)
    return `${where} needs exactly one of selector, carIds, percent, batchSize`;
  const { selector, carIds, percent, batchSize } = stage;
  if (selector !== undefined)
    return carSelectorError(selector, `${where}.selector`);
  if (carIds !== undefined) {
    if (
      !Array.isArray(carIds) ||
      carIds.length === 0 ||
      carIds.length > MAX_STAGE_CARS
    )
      return `${where}.carIds must list 1 to ${MAX_STAGE_CARS} car ids`;
    if (
      !carIds.every(
        (id) => typeof id === 'string' && ANKAIOS_NAME_PATTERN.test(id),
      )
    )
      return `${where}.carIds: each car id must match [a-zA-Z0-9_-]{1,63}`;
    return new Set(carIds).size === carIds.length
      ? null
      : `${where}.carIds lists a car twice`;
  }
  if (percent !== undefined)
    return typeof percent === 'number' &&
      Number.isInteger(percent) &&
      percent >= 1 &&
      percent <= 100
      ? null
      : `${where}.percent must be an integer from 1 to 100`;
  return typeof batchSize === 'number' &&
    Number.isInteger(batchSize) &&
    batchSize >= 1 &&
    batchSize <= 100_000
    ? null
    : `${where}.batchSize must be a positive integer`;
}

export function rolloutStagesError(value: unknown): Checked {
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    value.length > MAX_ROLLOUT_STAGES
  )
    return `stages must list 1 to ${MAX_ROLLOUT_STAGES} stages`;
  const names = new Set<string>();
  for (const [i, stage] of value.entries()) {
    const where = `stages[${i}]`;
    if (!isObject(stage)) return `${where} must be an object`;
    const error =
      unknownKeys(
        stage,
        ['name', 'selector', 'carIds', 'percent', 'batchSize', 'policy'],
        where,
      ) ??
      stageTargetError(stage, where) ??
      (stage['policy'] === undefined
        ? null
        : stagePolicyError(stage['policy'], `${where}.policy`));
    if (error) return error;
    const name = stage['name'];
    if (
      name !== undefined &&
      (typeof name !== 'string' || !STAGE_NAME_PATTERN.test(name))
    )
      return `${where}.name must be a lower-case word such as "munich"`;
    const effective = stageNameOf(stage as RolloutStageDefinition, i);
    if (names.has(effective))
      return `${where}: stage name "${effective}" is used twice`;
    names.add(effective);
  }
  return null;
}

export function isTimeZone(value: unknown): boolean {
  if (typeof value !== 'string' || value.length === 0 || value.length > 64)
    return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export function maintenanceWindowsError(value: unknown): Checked {
  if (!Array.isArray(value) || value.length > 50)
    return 'maintenanceWindows must list at most 50 windows';
  const regions = new Set<string>();
  for (const [i, w] of value.entries()) {
    const where = `maintenanceWindows[${i}]`;
    if (!isObject(w)) return `${where} must be an object`;
    const keys = unknownKeys(
      w,
      ['region', 'timeZone', 'start', 'end', 'days'],
      where,
    );
    if (keys) return keys;
    if (typeof w['region'] !== 'string' || !REGION_PATTERN.test(w['region']))
      return `${where}.region must be a lower-case word such as "munich"`;
    if (regions.has(w['region']))
      return `${where}: region ${w['region']} has two windows`;
    regions.add(w['region']);
    if (!isTimeZone(w['timeZone']))
      return `${where}.timeZone must be an IANA time zone such as "Europe/Berlin"`;
    for (const key of ['start', 'end'])
      if (typeof w[key] !== 'string' || !HH_MM.test(w[key] as string))
        return `${where}.${key} must be HH:MM`;
    if (w['start'] === w['end']) return `${where}: start and end must differ`;
    const days = w['days'];
    if (
      days !== undefined &&
      (!Array.isArray(days) ||
        days.length === 0 ||
        !days.every((d) => (WEEKDAYS as readonly unknown[]).includes(d)))
    )
      return `${where}.days must list weekdays (${WEEKDAYS.join(', ')})`;
  }
  return null;
}

export function rolloutApprovalsError(value: unknown): Checked {
  if (!isObject(value))
    return 'approvals must be an object such as {"start": true, "revert": true}';
  const keys = unknownKeys(value, ['start', 'revert'], 'approvals');
  if (keys) return keys;
  return Object.values(value).every((v) => typeof v === 'boolean')
    ? null
    : 'approvals.start and approvals.revert must be booleans';
}
