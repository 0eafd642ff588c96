import type { AbstractControl, ValidatorFn } from '@angular/forms';
import {
  maintenanceWindowsError,
  rolloutStagesError,
  type CreateRolloutDto,
  type MaintenanceWindow,
  type RolloutStageDefinition,
  type StagePolicy,
} from '@fleet/shared/contracts';
import type { StageGroup, WindowGroup, WizardValue } from './wizard-form';
import { invalid, splitCarIds } from './wizard-validators';

type StageValue = ReturnType<StageGroup['getRawValue']>;
type WindowValue = ReturnType<WindowGroup['getRawValue']>;
type RulesValue = WizardValue['rules'];

const present = (n: number | null): n is number => n !== null && (n as unknown) !== '';

/** The stage's own rules: only the fields it sets (the rollout's rules fill the rest). */
export function stagePolicyOf(stage: StageValue): Partial<StagePolicy> {
  const { onFailure, ...numbers } = stage.rules;
  const policy: Partial<StagePolicy> = {};
  if (present(stage.soakSeconds)) policy.soakSeconds = Number(stage.soakSeconds);
  for (const [key, value] of Object.entries(numbers)) if (present(value)) policy[key as keyof typeof numbers] = Number(value);
  if (onFailure !== 'rollout') policy.onFailure = onFailure;
  return policy;
}

export function stageOf(stage: StageValue): RolloutStageDefinition {
  const name = stage.name.trim();
  const policy = stagePolicyOf(stage);
  const soak = Object.keys(policy).length > 0 ? { policy } : {};
  const named = name ? { name } : {};
  switch (stage.target) {
    case 'region':
      return { ...named, selector: { region: stage.region.trim() }, ...soak };
    case 'cars':
      return { ...named, carIds: splitCarIds(stage.carIds), ...soak };
    case 'percent':
      return { ...named, percent: Number(stage.percent), ...soak };
    case 'batch':
      return { ...named, batchSize: Number(stage.batchSize), ...soak };
  }
}

export function policyOf(rules: RulesValue): Partial<StagePolicy> {
  const { onFailure, errorThresholdPct, ...numbers } = rules;
  const policy: Partial<StagePolicy> = { onFailure };
  for (const [key, value] of Object.entries(numbers)) if (present(value)) policy[key as keyof typeof numbers] = Number(value);
  if (present(errorThresholdPct)) policy.errorThresholdPct = Number(errorThresholdPct);
  return policy;
}

export function windowOf(w: WindowValue): MaintenanceWindow {
  return { region: w.region.trim(), timeZone: w.timeZone.trim(), start: w.start, end: w.end, ...(w.days.length > 0 ? { days: w.days } : {}) };
}

/** What the dry run checks: the definition without the start. */
export function definitionOf(value: WizardValue): CreateRolloutDto {
  const name = value.release.name.trim();
  const { windows, schedule } = value.when;
  const { approveStart, approveRevert } = schedule;
  return {
    ...(name ? { name } : {}),
    version: value.release.version,
    stages: value.stages.map(stageOf),
    policy: policyOf(value.rules),
    ...(windows.length > 0 ? { maintenanceWindows: windows.map(windowOf) } : {}),
    ...(approveStart || approveRevert ? { approvals: { start: approveStart, revert: approveRevert } } : {}),
  };
}

/** The body of `POST /api/rollouts`: started now, scheduled (`startAt`, ISO-8601) or a draft. */
export function createBodyOf(value: WizardValue): CreateRolloutDto {
  const definition = definitionOf(value);
  const { mode, startAt } = value.when.schedule;
  if (mode === 'now') return { ...definition, start: true };
  if (mode === 'at') return { ...definition, startAt: new Date(startAt).toISOString() };
  return definition;
}

/** The contracts' own check over all stages (names used twice, ...), once every stage is valid by itself. */
export const stagesValid: ValidatorFn = (array: AbstractControl) => {
  const stages = array as unknown as { controls: StageGroup[] };
  if (stages.controls.some((s) => s.invalid)) return null;
  const error = rolloutStagesError(stages.controls.map((s) => stageOf(s.getRawValue())));
  return error ? invalid(error) : null;
};

export const windowsValid: ValidatorFn = (array: AbstractControl) => {
  const windows = array as unknown as { controls: WindowGroup[] };
  if (windows.controls.some((w) => w.invalid)) return null;
  const error = maintenanceWindowsError(windows.controls.map((w) => windowOf(w.getRawValue())));
  return error ? invalid(error) : null;
};
