import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Post,
  UseGuards,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AUDIT_LOGIN, LoginDto } from '@fleet/shared/contracts';
import type { SymphonyAuthResponse } from '@fleet/shared/contracts';
import { AuditAction } from '../audit/audit-action';
import { AuthService } from './auth.service';
import { Public } from './decorators';
import { LoginThrottleGuard } from './login-throttle.guard';

export const SYMPHONY_GREETING =
  'Hello from the fleet OTA console (Symphony v1alpha2 API)';

/** Symphony's own login and liveness routes (`/v1alpha2`, outside the `/api` prefix). */
@ApiTags('symphony')
@Controller('v1alpha2')
export class SymphonyAuthController {
  constructor(private readonly auth: AuthService) {}

  /** Symphony's login: the same users and tokens as `POST /api/auth/login`, in Symphony's answer shape. */
  @Post('users/auth')
  @Public()
  @HttpCode(HttpStatus.OK)
  @UseGuards(LoginThrottleGuard)
  @AuditAction(AUDIT_LOGIN)
  authenticateSymphonyUser(
    @Body() dto: LoginDto,
  ): Promise<SymphonyAuthResponse> {
    return this.auth.symphonyLogin(dto);
  }

  /** Liveness, as Symphony answers it: a plain-text greeting. */
  @Get('greetings')
  @Public()
  @Header('Content-Type', 'text/plain; charset=utf-8')
  getSymphonyGreeting(): string {
    return SYMPHONY_GREETING;
  }
}
