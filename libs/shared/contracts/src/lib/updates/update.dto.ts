// Numbers in queries arrive as strings; the API's ValidationPipe converts them (enableImplicitConversion).
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsOptional,
  Matches,
  ValidateBy,
  ValidationOptions,
  buildMessage,
} from 'class-validator';
import { ANKAIOS_NAME_PATTERN, REGION_PATTERN } from '../common/names';
import { PageQueryDto } from '../common/page-query.dto';

/** Versions: 1-63 letters, digits, `.`, `_`, `-`, starting and ending with a letter or digit. */
export const VERSION_PATTERN =
  /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;
export const MAX_BULK_CARS = 500;

export class UpdateCarDto {
  /** The fleet version to install, e.g. `1.2.4`. */
  @Matches(VERSION_PATTERN, { message: 'version must look like "1.2.4"' })
  version!: string;
}

/** Which cars a bulk update takes when no ids are given. */
export interface BulkUpdateFilter {
  region?: string;
  /** Only cars that currently run this version. */
  version?: string;
}

function isBulkUpdateFilter(value: unknown): value is BulkUpdateFilter {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return false;
  const entries = Object.entries(value as Record<string, unknown>);
  return entries.every(
    ([key, v]) =>
      (key === 'region' && typeof v === 'string' && REGION_PATTERN.test(v)) ||
      (key === 'version' && typeof v === 'string' && VERSION_PATTERN.test(v)),
  );
}

/** `{region?, version?}` with nothing else; class-validator only, so the console bundles no transformer. */
export function IsBulkUpdateFilter(
  options?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isBulkUpdateFilter',
      validator: {
        validate: (value) => isBulkUpdateFilter(value),
        defaultMessage: buildMessage(
          (each) =>
            `${each}$property must be {region?: "munich", version?: "1.2.3"} and nothing else`,
          options,
        ),
      },
    },
    options,
  );
}

export class BulkUpdateDto {
  /** The cars to update; or use `filter`. */
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(MAX_BULK_CARS)
  @Matches(ANKAIOS_NAME_PATTERN, {
    each: true,
    message: 'each car id must match [a-zA-Z0-9_-]{1,63}',
  })
  carIds?: string[];

  /** Every car of a region and/or currently at a version (when `carIds` is absent). */
  @IsOptional()
  @IsBulkUpdateFilter()
  filter?: BulkUpdateFilter;

  @Matches(VERSION_PATTERN, { message: 'version must look like "1.2.4"' })
  version!: string;
}

export class RollbackDto {
  /** The cars to roll back; or use `region`. */
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(MAX_BULK_CARS)
  @Matches(ANKAIOS_NAME_PATTERN, {
    each: true,
    message: 'each car id must match [a-zA-Z0-9_-]{1,63}',
  })
  carIds?: string[];

  /** Every car of this region (when `carIds` is absent). */
  @IsOptional()
  @Matches(REGION_PATTERN, {
    message: 'region must be a lower-case word such as "munich"',
  })
  region?: string;

  /** The version to go back to; by default the one the car ran before its current version was installed. */
  @IsOptional()
  @Matches(VERSION_PATTERN, { message: 'toVersion must look like "1.2.3"' })
  toVersion?: string;
}

/** A car's update history, a page at a time, newest entries first. */
export class HistoryQueryDto extends PageQueryDto {}
