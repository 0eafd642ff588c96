import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { DatabaseModule } from '../database/database.module';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { Authenticator } from './authenticator';
import { FirstAdmin } from './first-admin';
import { LoginThrottleGuard } from './login-throttle.guard';
import { RateLimits } from './rate-limits';
import { SymphonyAuthController } from './symphony-auth.controller';
import { TokenService } from './token.service';
import { UserEntity } from './user.entity';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/**
 * Users, roles, API keys and tokens. Global so that the realtime gateway can authenticate sockets with the
 * same Authenticator; AppModule registers AuthGuard as the global guard.
 */
@Global()
@Module({
  controllers: [
    ApiKeysController,
    AuthController,
    SymphonyAuthController,
    UsersController,
  ],
  exports: [AuthGuard, Authenticator],
  imports: [
    AuditModule,
    DatabaseModule,
    TypeOrmModule.forFeature([ApiKeyEntity, UserEntity]),
  ],
  providers: [
    ApiKeysRepository,
    ApiKeysService,
    AuthGuard,
    AuthService,
    Authenticator,
    FirstAdmin,
    LoginThrottleGuard,
    RateLimits,
    TokenService,
    UsersRepository,
    UsersService,
  ],
})
export class AuthModule {}
