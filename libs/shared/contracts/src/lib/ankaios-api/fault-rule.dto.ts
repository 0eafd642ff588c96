import {
  IsIn,
  IsNumber,
  IsOptional,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { REGION_PATTERN } from '../common/names';
import { FAULT_KINDS } from '../simulation/faults';
import type { FaultKind, FaultRule } from '../simulation/faults';

/** Image references with `*` as a wildcard: `ghcr.io/fleet-ota/telematics:1.2.4`, `*:1.2.4`, `*`. */
export const IMAGE_GLOB_PATTERN = /^[a-zA-Z0-9*][a-zA-Z0-9._\-/:@*]{0,254}$/;
export const MAX_FAULT_RULES = 100;
export const MAX_FAULT_DELAY_SECONDS = 86_400;

/** One rule of `PUT /api/simulation/faults` (the body is a list of these). */
export class FaultRuleDto implements FaultRule {
  /** Image reference or glob (`*` matches any run of characters). */
  @MaxLength(255)
  @Matches(IMAGE_GLOB_PATTERN, {
    message: 'image must be an image reference or a glob such as "*:1.2.4"',
  })
  image!: string;

  @IsIn(FAULT_KINDS)
  fault!: FaultKind;

  /** 0..1: the share of matching workload starts the fault hits. */
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  probability!: number;

  /** Only cars in this region. */
  @IsOptional()
  @Matches(REGION_PATTERN, {
    message: 'region must be a lower-case word such as "munich"',
  })
  region?: string;

  /** For `crash` and `unhealthy`: seconds after Running(Ok) before the fault strikes. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(MAX_FAULT_DELAY_SECONDS)
  afterSeconds?: number;
}
