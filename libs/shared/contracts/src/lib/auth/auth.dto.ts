import {
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  ROLES,
  USERNAME_PATTERN,
} from './roles';
import type { Role } from './roles';
import { PageQueryDto } from '../common/page-query.dto';

const USERNAME_MESSAGE =
  'username must be 2-64 lower-case letters, digits, ".", "_" or "-"';

export class LoginDto {
  @IsString()
  @MaxLength(64)
  username!: string;

  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;
}

export class CreateUserDto {
  @Matches(USERNAME_PATTERN, { message: USERNAME_MESSAGE })
  username!: string;

  /** At least 10 characters. */
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;

  /** `viewer`, `operator` or `admin`. */
  @IsIn(ROLES)
  role!: Role;
}

/** Changes a user's role, password or both. A new password ends the user's sessions. */
export class UpdateUserDto {
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @IsOptional()
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password?: string;
}

export class CreateApiKeyDto {
  /** What the key is for, e.g. `nightly-rollout-job`. */
  @Matches(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/, {
    message: 'name must be 1-64 letters, digits, spaces, ".", "_" or "-"',
  })
  name!: string;

  @IsIn(ROLES)
  role!: Role;
}

export class AuditQueryDto extends PageQueryDto {
  /** Exact username or API key name. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  actor?: string;

  /** Prefix of the action: `POST`, `DELETE /api/cars`, `auth.login`. */
  @IsOptional()
  @IsString()
  @MaxLength(128)
  action?: string;

  /** ISO-8601, inclusive. */
  @IsOptional()
  @IsISO8601()
  from?: string;

  /** ISO-8601, exclusive. */
  @IsOptional()
  @IsISO8601()
  to?: string;
}
