/** Field names whose values never reach the audit trail or a log. */
const SECRET_FIELD =
  /pass(word|phrase)?|secret|token|api[-_]?key|^key$|authorization|credential|private/i;
/** Values that are secrets whatever their field is called: our API keys and JWTs. */
const SECRET_VALUE = /^(fk_[0-9a-f]+_|eyJ[A-Za-z0-9_-]+\.)/;
const MASK = '***';
const MAX_DEPTH = 6;
const MAX_ITEMS = 50;

/** A copy of `value` with secrets replaced by `***`, cut at some depth and breadth. */
export function maskSecrets(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return SECRET_VALUE.test(value) ? MASK : value;
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return '…';
  if (Array.isArray(value))
    return value.slice(0, MAX_ITEMS).map((v) => maskSecrets(v, depth + 1));
  const masked: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value).slice(0, MAX_ITEMS))
    masked[key] = SECRET_FIELD.test(key) ? MASK : maskSecrets(field, depth + 1);
  return masked;
}

/** The masked body as JSON, at most `maxLength` characters; null for no body. */
export function describeBody(body: unknown, maxLength = 2048): string | null {
  if (body === undefined || body === null) return null;
  if (typeof body === 'object' && Object.keys(body).length === 0) return null;
  const text = JSON.stringify(maskSecrets(body)) ?? null;
  if (text === null || text.length <= maxLength) return text;
  return `${text.slice(0, maxLength - 1)}…`;
}
