import { registerDecorator, type ValidationOptions } from 'class-validator';

/** A read mask: dot-separated Ankaios names or `*` (`workloadStates.*.nginx`). */
export const FIELD_MASK_PATTERN =
  /^(\*|[a-zA-Z0-9_-]{1,63})(\.(\*|[a-zA-Z0-9_-]{1,63})){0,7}$/;
export const MAX_FIELD_MASKS = 32;

/** One mask or a list of masks (a repeated query parameter arrives as a list, a single one as a string). */
export function IsFieldMaskList(
  options?: ValidationOptions,
): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isFieldMaskList',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: `mask must be at most ${MAX_FIELD_MASKS} field masks such as "desiredState.workloads" or "workloadStates.*.nginx"`,
        ...options,
      },
      validator: {
        validate(value: unknown): boolean {
          const masks = Array.isArray(value) ? value : [value];
          return (
            masks.length <= MAX_FIELD_MASKS &&
            masks.every(
              (mask) =>
                typeof mask === 'string' && FIELD_MASK_PATTERN.test(mask),
            )
          );
        },
      },
    });
}

/** The masks of a validated query as a list. */
export function fieldMasksOf(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
