import {
  BadRequestException,
  CanActivate,
  ExecutionContext,
  Injectable,
} from '@nestjs/common';
import { SYMPHONY_DEFAULT_NAMESPACE } from '@fleet/shared/contracts';

/**
 * Symphony scopes objects by `?namespace=` (default `default`). This control plane keeps one fleet in the
 * `default` namespace: any other is refused with 400 rather than silently served from `default`.
 */
@Injectable()
export class DefaultNamespaceGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const query = context.switchToHttp().getRequest<{
      query?: Record<string, unknown>;
    }>().query;
    const namespace = query?.['namespace'];
    if (namespace === undefined || namespace === SYMPHONY_DEFAULT_NAMESPACE)
      return true;
    throw new BadRequestException(
      `namespace ${JSON.stringify(namespace)} is not supported: every object lives in the ${SYMPHONY_DEFAULT_NAMESPACE} namespace`,
    );
  }
}
