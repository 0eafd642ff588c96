import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Post,
  UseGuards,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AUDIT_LOGIN, LoginDto } from '@fleet/shared/contracts';
import type { LoginResponse, Principal } from '@fleet/shared/contracts';
import { AuditAction } from '../audit/audit-action';
import { AuthService } from './auth.service';
import { CurrentUser, Public } from './decorators';
import { LoginThrottleGuard } from './login-throttle.guard';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Exchanges a username and password for an access token (401 when wrong, 429 after too many tries). */
  @Post('login')
  @Public()
  @HttpCode(HttpStatus.OK)
  @UseGuards(LoginThrottleGuard)
  @AuditAction(AUDIT_LOGIN)
  login(@Body() dto: LoginDto): Promise<LoginResponse> {
    return this.auth.login(dto);
  }

  /** The caller: username, role and how it authenticated. */
  @Get('me')
  getCurrentUser(@CurrentUser() user: Principal): Principal {
    return user;
  }
}
