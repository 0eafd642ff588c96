import type { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';
import { ANKAIOS_NAME_PATTERN, isTimeZone, MAX_STAGE_CARS } from '@fleet/shared/contracts';

/** Validators name what is wrong in `{invalid: message}`, so that one helper turns any error into text. */
export function invalid(message: string): ValidationErrors {
  return { invalid: message };
}

export function matching(pattern: RegExp, message: string): ValidatorFn {
  return (control) => (control.value === '' || control.value === null || pattern.test(String(control.value)) ? null : invalid(message));
}

export const wholeNumber: ValidatorFn = (control) =>
  control.value === null || control.value === '' || Number.isInteger(Number(control.value)) ? null : invalid('Must be a whole number');

/** Car ids separated by commas, spaces or new lines. */
export function splitCarIds(text: string): string[] {
  return text.split(/[\s,]+/).filter((id) => id.length > 0);
}

export const carIdList: ValidatorFn = (control) => {
  const ids = splitCarIds(String(control.value ?? ''));
  if (ids.length === 0) return null;
  if (ids.length > MAX_STAGE_CARS) return invalid(`At most ${MAX_STAGE_CARS} cars`);
  const bad = ids.find((id) => !ANKAIOS_NAME_PATTERN.test(id));
  if (bad) return invalid(`"${bad}" is not a car id ([a-zA-Z0-9_-], up to 63)`);
  return new Set(ids).size === ids.length ? null : invalid('A car is listed twice');
};

export const timeZone: ValidatorFn = (control) =>
  !control.value || isTimeZone(control.value) ? null : invalid('Not a time zone; e.g. Europe/Berlin');

/** A `datetime-local` value that lies ahead of `now`. */
export function inTheFuture(now: () => number = Date.now): ValidatorFn {
  return (control) => {
    if (!control.value) return null;
    const at = Date.parse(String(control.value));
    if (Number.isNaN(at)) return invalid('Not a date and time');
    return at > now() ? null : invalid('Must lie in the future');
  };
}

/** The first message of a control's errors, for `<mat-error>`. */
export function errorText(control: AbstractControl | null): string {
  const errors = control?.errors;
  if (!errors) return '';
  if (errors['required']) return 'Required';
  if (errors['min']) return `At least ${(errors['min'] as { min: number }).min}`;
  if (errors['max']) return `At most ${(errors['max'] as { max: number }).max}`;
  if (typeof errors['invalid'] === 'string') return errors['invalid'];
  return 'Invalid';
}
