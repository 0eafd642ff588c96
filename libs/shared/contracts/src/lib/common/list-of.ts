import { Transform } from 'class-transformer';

function isPlainObject(value: unknown): value is object {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.getPrototypeOf(value) === Object.prototype
  );
}

/**
 * A request field holding a list of objects. The API's implicit conversion builds each element as the field's
 * design type (an Array); this keeps the list as sent, each plain element made a `type` when one is given so that
 * `@ValidateNested({ each: true })` checks it. Unlike `@Type`, it needs no reflect-metadata, so the contracts stay
 * importable everywhere.
 */
export function ListOf<T extends object>(
  type?: new () => T,
): PropertyDecorator {
  return Transform(
    ({ obj, key }) => {
      const value = (obj as Record<string, unknown>)[key];
      if (!type || !Array.isArray(value)) return value;
      return value.map((element) =>
        isPlainObject(element) ? Object.assign(new type(), element) : element,
      );
    },
    { toClassOnly: true },
  );
}
