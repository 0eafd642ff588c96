import {
  BadRequestException,
  ConflictException,
  NotFoundException,
} from '@nestjs/common';
import { formatErrorFields } from '@fleet/shared/symphony/util';
import type { SymphonyErrorField } from '@fleet/shared/symphony/util';

/** Symphony's validation messages, one `<path>: Invalid value: <value>: <message>` line each. */
export function errorLines(fields: readonly SymphonyErrorField[]): string[] {
  return formatErrorFields(fields)
    .split('\n')
    .filter((line) => line.length > 0);
}

export function throwIfInvalid(fields: readonly SymphonyErrorField[]): void {
  if (fields.length > 0) throw new BadRequestException(errorLines(fields));
}

export function throwIfInUse(fields: readonly SymphonyErrorField[]): void {
  if (fields.length > 0) throw new ConflictException(errorLines(fields));
}

export function notFound(kind: string, name: string): NotFoundException {
  return new NotFoundException(`${kind} ${name} not found`);
}
