import { createParamDecorator, ExecutionContext } from '@nestjs/common';

/** Recorded when no signed-in user is known (e.g. crash recovery, resume at park). */
export const SYSTEM_ACTOR = 'system';

/** The user name the authentication guard put on the request, else `system`. */
export function actorOf(request: unknown): string {
  const user = (request as { user?: { username?: unknown } } | undefined)?.user;
  return typeof user?.username === 'string' && user.username.length > 0
    ? user.username
    : SYSTEM_ACTOR;
}

/** The caller for the update history. */
export const Actor = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): string =>
    actorOf(ctx.switchToHttp().getRequest()),
);
