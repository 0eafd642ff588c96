import { ValidationPipe } from '@nestjs/common';
import type { ArgumentMetadata, ValidationPipeOptions } from '@nestjs/common';

/** Distinct valid query strings remembered per DTO class (oldest out). */
export const QUERY_MEMO_LIMIT = 1_000;

/**
 * The global pipe. Implicit conversion turns query strings into the numbers the DTOs declare; a list of objects
 * therefore needs `@ListOf(X)` (contracts) on its field, or class-transformer would build each element as an Array (the
 * field's design type).
 */
export function globalValidationPipe(): ValidationPipe {
  return new QueryMemoValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: true },
  });
}

/**
 * Remembers the DTO a valid query string became: the same few list queries arrive many times a second (polling
 * consoles, dashboards), and transforming plus validating one cost about a quarter of a cached list request.
 * Each request gets its own copy; invalid queries are checked every time (and refused with the same 400).
 */
class QueryMemoValidationPipe extends ValidationPipe {
  private readonly memo = new Map<unknown, Map<string, object>>();

  constructor(options: ValidationPipeOptions) {
    super(options);
  }

  override async transform(
    value: unknown,
    metadata: ArgumentMetadata,
  ): Promise<unknown> {
    const { metatype } = metadata;
    if (metadata.type !== 'query' || !metatype || !isPlainRecord(value))
      return super.transform(value, metadata);
    const key = JSON.stringify(value);
    let known = this.memo.get(metatype);
    const hit = known?.get(key);
    if (hit) return copyOf(hit);
    const result: unknown = await super.transform(value, metadata);
    if (typeof result !== 'object' || result === null) return result;
    if (!known) this.memo.set(metatype, (known = new Map()));
    if (known.size >= QUERY_MEMO_LIMIT)
      known.delete(known.keys().next().value as string);
    known.set(key, copyOf(result));
    return result;
  }
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A copy with the same class (query DTOs hold strings, numbers, booleans and arrays of them). */
function copyOf<T extends object>(dto: T): T {
  const copy = Object.create(Object.getPrototypeOf(dto)) as T;
  for (const [field, value] of Object.entries(dto))
    (copy as Record<string, unknown>)[field] = Array.isArray(value)
      ? [...value]
      : value;
  return copy;
}
