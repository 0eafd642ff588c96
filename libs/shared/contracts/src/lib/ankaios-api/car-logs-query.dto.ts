import {
  IsInt,
  IsISO8601,
  IsOptional,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { ANKAIOS_NAME_PATTERN } from '../common/names';

export const DEFAULT_LOG_TAIL = 200;
export const MAX_LOG_TAIL = 1000;

export class CarLogsQueryDto {
  /** The last this many lines (1-1000, default 200). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_LOG_TAIL)
  tail?: number = DEFAULT_LOG_TAIL;

  /** Only lines stamped after this instant (ISO 8601). */
  @IsOptional()
  @IsISO8601(
    { strict: true },
    {
      message: 'since must be an ISO 8601 instant such as 2026-01-01T12:00:00Z',
    },
  )
  since?: string;

  /** Only this workload's lines. */
  @IsOptional()
  @Matches(ANKAIOS_NAME_PATTERN, {
    message: 'workload must match [a-zA-Z0-9_-]{1,63}',
  })
  workload?: string;
}
