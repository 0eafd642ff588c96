/** Outcome of a fallible, non-throwing operation; warnings travel with both outcomes. */
export type Result<T> = { ok: true; value: T; warnings: string[] } | { ok: false; error: string; warnings: string[] };

export function ok<T>(value: T, warnings: string[] = []): Result<T> {
  return { ok: true, value, warnings };
}

export function fail<T>(error: string, warnings: string[] = []): Result<T> {
  return { ok: false, error, warnings };
}
