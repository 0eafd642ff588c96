import { randomUUID } from 'node:crypto';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { Role } from '@fleet/shared/contracts';
import { Clock } from '../common/clock';
import { AppConfigService } from '../config/app-config.service';
import { MetaRepository } from '../database/meta.repository';
import { JWT_ISSUER, JwtVerdict, signJwt, verifyJwt } from './jwt';
import { resolveJwtSecret } from './jwt-secret';

export interface TokenSubject {
  username: string;
  role: Role;
  sessionVersion: number;
}

export interface IssuedToken {
  accessToken: string;
  expiresAt: string;
}

/** Issues and checks the API's access tokens (JWT, HS256). */
@Injectable()
export class TokenService implements OnModuleInit {
  private readonly logger = new Logger(TokenService.name);
  private secret?: string;

  constructor(
    private readonly config: AppConfigService,
    private readonly meta: MetaRepository,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    this.secret = await resolveJwtSecret(
      this.config.get('auth').jwtSecret,
      this.meta,
      this.logger,
    );
  }

  issue(subject: TokenSubject): IssuedToken {
    const iat = this.nowSeconds();
    const exp = iat + this.config.get('auth').jwtTtlSeconds;
    const accessToken = signJwt(
      {
        sub: subject.username,
        role: subject.role,
        ver: subject.sessionVersion,
        iat,
        exp,
        jti: randomUUID(),
        iss: JWT_ISSUER,
      },
      this.signingSecret(),
    );
    return { accessToken, expiresAt: new Date(exp * 1000).toISOString() };
  }

  verify(token: string): JwtVerdict {
    return verifyJwt(token, this.signingSecret(), this.nowSeconds());
  }

  private nowSeconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }

  private signingSecret(): string {
    if (!this.secret)
      throw new Error('TokenService used before it was initialised');
    return this.secret;
  }
}
