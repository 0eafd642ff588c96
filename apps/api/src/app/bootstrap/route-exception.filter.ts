import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Request } from 'express';
import { ApiExceptionFilter } from '../common/api-exception.filter';
import { SymphonyErrorFilter } from '../symphony/rest/symphony-error.filter';

/** True for Symphony's own REST routes (`/v1alpha2`, `/v1alpha2/...`). */
export function isSymphonyRestPath(url: string, prefix: string): boolean {
  const path = url.split('?')[0];
  return path === `/${prefix}` || path.startsWith(`/${prefix}/`);
}

/**
 * The global error filter: Symphony's plain-text errors for everything under its REST prefix (also routes
 * that do not exist, and guards' refusals before a controller's own filter could run), our JSON shape elsewhere.
 */
@Catch()
export class RouteExceptionFilter implements ExceptionFilter {
  private readonly api = new ApiExceptionFilter();
  private readonly symphony = new SymphonyErrorFilter();

  constructor(private readonly symphonyPrefix: string) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const symphony =
      host.getType() === 'http' &&
      isSymphonyRestPath(
        host.switchToHttp().getRequest<Request>().originalUrl ?? '',
        this.symphonyPrefix,
      );
    (symphony ? this.symphony : this.api).catch(exception, host);
  }
}
