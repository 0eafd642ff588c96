import { Injectable, UnauthorizedException } from '@nestjs/common';
import { API_KEY_PREFIX } from '@fleet/shared/contracts';
import type { Principal, Role } from '@fleet/shared/contracts';
import { ApiKeysService } from './api-keys.service';
import { TokenService } from './token.service';
import { UsersService } from './users.service';

export const AUTH_REQUIRED = 'Authentication required';
export const TOKEN_EXPIRED = 'Token expired';
export const INVALID_TOKEN = 'Invalid token';

export interface Authentication {
  principal: Principal;
  /** Milliseconds since the epoch; null for API keys, which do not expire. */
  expiresAt: number | null;
}

/** Turns a credential (a JWT or an API key) into the caller, or throws 401. Shared by HTTP and WebSocket. */
@Injectable()
export class Authenticator {
  constructor(
    private readonly tokens: TokenService,
    private readonly users: UsersService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async authenticate(credential: string | null): Promise<Authentication> {
    if (!credential) throw new UnauthorizedException(AUTH_REQUIRED);
    if (credential.startsWith(API_KEY_PREFIX)) {
      const principal = await this.apiKeys.authenticate(credential);
      if (!principal) throw new UnauthorizedException(INVALID_TOKEN);
      return { principal, expiresAt: null };
    }
    const verdict = this.tokens.verify(credential);
    if (!verdict.ok)
      throw new UnauthorizedException(
        verdict.reason === 'expired' ? TOKEN_EXPIRED : INVALID_TOKEN,
      );
    // The role comes from the database, not the token: a demotion counts at once.
    const user = await this.users.findSignedIn(verdict.claims.sub);
    if (!user || user.sessionVersion !== verdict.claims.ver)
      throw new UnauthorizedException(INVALID_TOKEN);
    return {
      principal: {
        username: user.username,
        role: user.role as Role,
        via: 'jwt',
      },
      expiresAt: verdict.claims.exp * 1000,
    };
  }
}

type Headers = Record<string, string | string[] | undefined>;

/** `Authorization: Bearer <JWT or API key>`, else `X-API-Key`; null when neither is there. */
export function credentialFromHeaders(headers: Headers): string | null {
  const authorization = single(headers['authorization']);
  const bearer = authorization && /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (bearer) return bearer[1];
  if (authorization) return authorization.trim() || null;
  return single(headers['x-api-key'])?.trim() || null;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
