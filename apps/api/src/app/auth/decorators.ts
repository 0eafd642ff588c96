import {
  applyDecorators,
  createParamDecorator,
  ExecutionContext,
  SetMetadata,
} from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';
import type { Principal, Role } from '@fleet/shared/contracts';
import type { AuthenticatedRequest } from './authenticated-request';

export const IS_PUBLIC = 'auth:public';
export const REQUIRED_ROLE = 'auth:role';

/** Open to anyone: no credentials checked. The OpenAPI operation lists no security requirement. */
export const Public = () =>
  applyDecorators(SetMetadata(IS_PUBLIC, true), ApiSecurity({}));

/**
 * The least role a handler (or every handler of a controller) needs, instead of the default by HTTP method
 * (GET/HEAD viewer, everything else operator). Roles include the ones below them.
 */
export const Roles = (least: Role) => SetMetadata(REQUIRED_ROLE, least);

/** The authenticated caller (`{username, role, via}`), as the global guard put it on the request. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): Principal | undefined =>
    ctx.switchToHttp().getRequest<AuthenticatedRequest>().user,
);
