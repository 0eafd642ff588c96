// Numbers in queries arrive as strings; the API's ValidationPipe converts them (enableImplicitConversion).
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import {
  ANKAIOS_NAME_PATTERN,
  NOT_RESERVED_CAR_NAME,
  REGION_PATTERN,
} from '../common/names';
import { CAR_DISPLAY_STATUSES, CAR_CONNECTIONS, VEHICLE_STATES } from './car';
import type { CarConnection, CarDisplayStatus, VehicleState } from './car';
import { PageQueryDto } from '../common/page-query.dto';

export class CreateCarDto {
  /** Region key, lower case (e.g. `munich`). */
  @Matches(REGION_PATTERN, {
    message: 'region must be a lower-case word such as "munich"',
  })
  region!: string;

  /** The car id and Ankaios agent name (`[a-zA-Z0-9_-]{1,63}`); generated when absent. */
  @IsOptional()
  @Matches(ANKAIOS_NAME_PATTERN, {
    message: 'name must match [a-zA-Z0-9_-]{1,63}',
  })
  @Matches(NOT_RESERVED_CAR_NAME, {
    message:
      'name must not start with "fleet-api" or be "ank-server" (reserved on the broker)',
  })
  name?: string;

  /** Car model, used for compatibility checks. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  model?: string;

  /** Initial vehicle state; `parked` when absent. */
  @IsOptional()
  @IsIn(VEHICLE_STATES)
  state?: VehicleState;
}

export class CreateCarsDto {
  @Matches(REGION_PATTERN, {
    message: 'region must be a lower-case word such as "munich"',
  })
  region!: string;

  /** How many cars to create (1-100). */
  @IsInt()
  @Min(1)
  @Max(100)
  count!: number;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  model?: string;
}

export class SetVehicleStateDto {
  @IsIn(VEHICLE_STATES)
  state!: VehicleState;
}

export class ListCarsQueryDto extends PageQueryDto {
  @IsOptional()
  @Matches(REGION_PATTERN)
  region?: string;

  /** Display status (`ok`, `updating`, `failed`, `parked`, `offline`). */
  @IsOptional()
  @IsIn(CAR_DISPLAY_STATUSES)
  status?: CarDisplayStatus;

  @IsOptional()
  @IsIn(CAR_CONNECTIONS)
  connection?: CarConnection;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  version?: string;

  /** Substring of the car id. */
  @IsOptional()
  @IsString()
  @MaxLength(63)
  search?: string;
}
