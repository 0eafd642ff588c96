/** Outcome of a non-throwing check: the value, or a typed error. */
export type Checked<T, E> = { ok: true; value: T } | { ok: false; error: E };

export function passed<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function rejected<E>(error: E): { ok: false; error: E } {
  return { ok: false, error };
}

/** A field Symphony's validators reject (Go `ErrorField`). */
export interface SymphonyErrorField {
  /** Dotted path, e.g. `metadata.name`, `spec.components[1].properties.ankaios.runtime`. */
  fieldPath: string;
  value: unknown;
  detailedMessage: string;
}

/** Symphony's `ConvertErrorFieldsToString`: one `<path>: Invalid value: <value>: <message>` line per field. */
export function formatErrorFields(fields: readonly SymphonyErrorField[]): string {
  return fields
    .map((f) => `${f.fieldPath}: Invalid value: ${formatValue(f.value)}: ${f.detailedMessage}\n`)
    .join('');
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
