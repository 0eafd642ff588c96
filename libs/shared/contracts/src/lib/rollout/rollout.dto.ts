import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidationOptions,
} from 'class-validator';
import { ListOf } from '../common/list-of';
import { REGION_PATTERN } from '../common/names';
import { VERSION_PATTERN } from '../updates/update.dto';
import {
  MAX_ROLLOUT_STAGES,
  carSelectorError,
  maintenanceWindowsError,
  rolloutApprovalsError,
  rolloutStagesError,
  stagePolicyError,
} from './definition-checks';
import type {
  CarSelector,
  MaintenanceWindow,
  RolloutApprovals,
  RolloutStageDefinition,
  StagePolicy,
} from './rollout-definition';
import {
  CAR_BUCKETS,
  EMERGENCY_STOP_MODES,
  ROLLOUT_STATUSES,
} from './rollout-status';
import type {
  CarBucket,
  EmergencyStopMode,
  RolloutStatus,
} from './rollout-status';
import { PageQueryDto } from '../common/page-query.dto';

/** A property checked by a pure function that names what is wrong. */
function CheckedBy(
  name: string,
  check: (value: unknown) => string | null,
  options?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy(
    {
      name,
      validator: {
        validate: (value) => check(value) === null,
        defaultMessage: (args) => check(args?.value) ?? `${name} is invalid`,
      },
    },
    options,
  );
}

const ROLLOUT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/;

/** `POST /api/rollouts` and `POST /api/rollouts/preview`. */
export class CreateRolloutDto {
  /** A name for people; `<version> rollout` when absent. */
  @IsOptional()
  @Matches(ROLLOUT_NAME_PATTERN, {
    message: 'name must be 1-64 letters, digits, spaces, ".", "_" or "-"',
  })
  name?: string;

  /** The fleet version to roll out, e.g. `1.2.4`. */
  @Matches(VERSION_PATTERN, { message: 'version must look like "1.2.4"' })
  version!: string;

  /** Only these cars take part (`{region?, model?, version?}`); the whole fleet when absent. */
  @IsOptional()
  @CheckedBy('selector', (v) => carSelectorError(v))
  selector?: CarSelector;

  /** Only cars on one of these versions now; the others are skipped with the reason. */
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(50)
  @Matches(VERSION_PATTERN, {
    each: true,
    message: 'each of fromVersions must look like "1.2.3"',
  })
  fromVersions?: string[];

  /** Ordered stages, each exactly one of `selector`, `carIds`, `percent`, `batchSize`, with an optional `policy`. */
  @CheckedBy('stages', rolloutStagesError)
  @ListOf()
  stages!: RolloutStageDefinition[];

  /** Rules for every stage (a stage's own `policy` wins). */
  @IsOptional()
  @CheckedBy('policy', (v) => stagePolicyError(v))
  policy?: Partial<StagePolicy>;

  /** Per region: updates are sent only inside the window, in the region's time zone. */
  @IsOptional()
  @CheckedBy('maintenanceWindows', maintenanceWindowsError)
  @ListOf()
  maintenanceWindows?: MaintenanceWindow[];

  /** Whether a second user must approve the start and any revert. */
  @IsOptional()
  @CheckedBy('approvals', rolloutApprovalsError)
  approvals?: RolloutApprovals;

  /** Start right after creation (subject to approval). */
  @IsOptional()
  @IsBoolean()
  start?: boolean;

  /** ISO-8601: start at this time instead (implies `start`). */
  @IsOptional()
  @IsISO8601({ strict: true })
  startAt?: string;
}

/** `POST /api/rollouts/:id/start`. */
export class StartRolloutDto {
  /** ISO-8601: a scheduled start; now when absent. */
  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string;
}

/** `POST /api/cars/staged-rollout`: the seed's region-by-region rollout, started in one call. */
export class StagedRolloutDto {
  @Matches(VERSION_PATTERN, { message: 'version must look like "1.2.4"' })
  version!: string;

  /** One stage per region, in this order. */
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @Matches(REGION_PATTERN, {
    each: true,
    message: 'each region must be a lower-case word such as "munich"',
  })
  regions!: string[];

  /** The soak window of every stage; 300 (five minutes) when absent. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(7 * 86400)
  successWindowSeconds?: number;

  @IsOptional()
  @Matches(ROLLOUT_NAME_PATTERN, {
    message: 'name must be 1-64 letters, digits, spaces, ".", "_" or "-"',
  })
  @MaxLength(64)
  name?: string;
}

/** `POST /api/rollouts/emergency-stop`. */
export class EmergencyStopDto {
  /** `freeze` (no new dispatch; in-flight updates finish) or `freeze-and-revert` (also roll back, admin only). */
  @IsIn(EMERGENCY_STOP_MODES)
  mode!: EmergencyStopMode;
}

/** `GET /api/rollouts`: one page, newest first. */
export class ListRolloutsQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(ROLLOUT_STATUSES)
  status?: RolloutStatus;

  /** Only rollouts of this fleet version. */
  @IsOptional()
  @Matches(VERSION_PATTERN, { message: 'version must look like "1.2.4"' })
  version?: string;
}

/** `GET /api/rollouts/:id/cars`: one page, by stage then car id. */
export class ListRolloutCarsQueryDto extends PageQueryDto {
  /** Only cars of this stage (0-based index; 400 past the last stage). */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_ROLLOUT_STAGES - 1)
  stage?: number;

  @IsOptional()
  @IsIn(CAR_BUCKETS)
  bucket?: CarBucket;

  /** Only cars whose id contains this text (case-insensitive). */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  q?: string;
}
