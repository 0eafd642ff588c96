import { FormArray, FormControl, FormGroup, Validators, type ValidatorFn } from '@angular/forms';
import {
  DEFAULT_STAGE_POLICY,
  REGION_PATTERN,
  WEEKDAYS,
  type StageFailurePolicy,
  type Weekday,
} from '@fleet/shared/contracts';
import { stagesValid, windowsValid } from './wizard-payload';
import { carIdList, inTheFuture, matching, timeZone, wholeNumber } from './wizard-validators';

export type StageTarget = 'region' | 'cars' | 'percent' | 'batch';
export type StartMode = 'now' | 'at' | 'draft';

const STAGE_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const ROLLOUT_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/;
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const DAY = 86_400;

const num = (value: number | null, min: number, max: number, required = true) =>
  new FormControl<number | null>(value, [...(required ? [Validators.required] : []), Validators.min(min), Validators.max(max), wholeNumber]);

const region = (value = '') =>
  new FormControl(value, { nonNullable: true, validators: [Validators.required, matching(REGION_PATTERN, 'A lower-case word such as munich')] });

/** One stage: the control of the chosen target is enabled, the others are disabled (and so neither checked nor sent). */
export function stageGroup(target: StageTarget = 'region', regionName = '') {
  const group = new FormGroup({
    target: new FormControl<StageTarget>(target, { nonNullable: true }),
    name: new FormControl('', { nonNullable: true, validators: [matching(STAGE_NAME, 'Lower-case letters, digits and "-"')] }),
    region: region(regionName),
    carIds: new FormControl('', { nonNullable: true, validators: [Validators.required, carIdList] }),
    percent: num(null, 1, 100),
    batchSize: num(null, 1, 100_000),
    /** Empty: the rollout's soak window. */
    soakSeconds: num(null, 0, 7 * DAY, false),
    rules: stageRulesGroup(),
  });
  selectTarget(group, target);
  return group;
}

/** A stage's own rules besides the soak; each empty field (`onFailure: 'rollout'`) takes the rollout's. */
export function stageRulesGroup() {
  return new FormGroup({
    successThresholdPct: num(null, 0, 100, false),
    errorThresholdPct: num(null, 0, 100, false),
    errorMinSample: num(null, 1, 10_000, false),
    inProgressTimeoutSeconds: num(null, 1, 7 * DAY, false),
    maxConcurrent: num(null, 1, 10_000, false),
    onFailure: new FormControl<StageFailurePolicy | 'rollout'>('rollout', { nonNullable: true }),
  });
}

export type StageRulesGroup = ReturnType<typeof stageRulesGroup>;

export type StageGroup = ReturnType<typeof stageGroup>;

const TARGET_CONTROLS = { region: 'region', cars: 'carIds', percent: 'percent', batch: 'batchSize' } as const;

export function selectTarget(group: StageGroup, target: StageTarget): void {
  group.controls.target.setValue(target);
  for (const [kind, name] of Object.entries(TARGET_CONTROLS)) {
    const control = group.controls[name];
    if (kind === target) control.enable({ emitEvent: false });
    else control.disable({ emitEvent: false });
  }
  group.updateValueAndValidity();
}

/** A maintenance window of one region, in its local time. */
export function windowGroup(regionName = '', zone = 'Europe/Berlin') {
  const group = new FormGroup({
    region: region(regionName),
    timeZone: new FormControl(zone, { nonNullable: true, validators: [Validators.required, timeZone] }),
    start: new FormControl('22:00', { nonNullable: true, validators: [Validators.required, matching(HH_MM, 'HH:MM')] }),
    end: new FormControl('05:00', { nonNullable: true, validators: [Validators.required, matching(HH_MM, 'HH:MM')] }),
    /** None: every day. */
    days: new FormControl<Weekday[]>([], { nonNullable: true }),
  });
  group.addValidators(((g: typeof group) =>
    g.controls.start.value === g.controls.end.value ? { invalid: 'Start and end must differ' } : null) as ValidatorFn);
  return group;
}

export type WindowGroup = ReturnType<typeof windowGroup>;

/** The rules of every stage, prefilled with the API's defaults. */
export function rulesGroup() {
  const d = DEFAULT_STAGE_POLICY;
  return new FormGroup({
    soakSeconds: num(d.soakSeconds, 0, 7 * DAY),
    successThresholdPct: num(d.successThresholdPct, 0, 100),
    /** Empty: 100 - success. */
    errorThresholdPct: num(null, 0, 100, false),
    errorMinSample: num(d.errorMinSample, 1, 10_000),
    inProgressTimeoutSeconds: num(d.inProgressTimeoutSeconds, 1, 7 * DAY),
    unreachableTimeoutSeconds: num(d.unreachableTimeoutSeconds, 1, 7 * DAY),
    stageDeadlineSeconds: num(d.stageDeadlineSeconds, 1, 30 * DAY),
    maxRetries: num(d.maxRetries, 0, 20),
    retryBackoffSeconds: num(d.retryBackoffSeconds, 0, 3600),
    maxConcurrent: num(d.maxConcurrent, 1, 10_000),
    maxPerMinute: num(d.maxPerMinute, 1, 100_000),
    onFailure: new FormControl<StageFailurePolicy>(d.onFailure, { nonNullable: true }),
  });
}

export function scheduleGroup(now?: () => number) {
  const group = new FormGroup({
    mode: new FormControl<StartMode>('now', { nonNullable: true }),
    /** A `datetime-local` value, local time of the browser. */
    startAt: new FormControl('', { nonNullable: true, validators: [Validators.required, inTheFuture(now)] }),
    approveStart: new FormControl(false, { nonNullable: true }),
    approveRevert: new FormControl(false, { nonNullable: true }),
  });
  group.controls.startAt.disable();
  return group;
}

export function selectStartMode(group: ReturnType<typeof scheduleGroup>, mode: StartMode): void {
  group.controls.mode.setValue(mode);
  if (mode === 'at') group.controls.startAt.enable();
  else group.controls.startAt.disable();
}

/** The whole wizard: one group per step. */
export function wizardForm(now?: () => number) {
  return new FormGroup({
    release: new FormGroup({
      version: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
      name: new FormControl('', { nonNullable: true, validators: [matching(ROLLOUT_NAME, 'Letters, digits, spaces, ".", "_" or "-" (up to 64)')] }),
    }),
    stages: new FormArray<StageGroup>([stageGroup()], stagesValid),
    rules: rulesGroup(),
    when: new FormGroup({
      windows: new FormArray<WindowGroup>([], windowsValid),
      schedule: scheduleGroup(now),
    }),
  });
}

export type WizardForm = ReturnType<typeof wizardForm>;
export type WizardValue = ReturnType<WizardForm['getRawValue']>;

export const WEEKDAY_OPTIONS: readonly Weekday[] = WEEKDAYS;
