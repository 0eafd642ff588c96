import { RequestMethod } from '@nestjs/common';
import type { LoggerService } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ApiExceptionFilter } from '../common/api-exception.filter';
import { correlationIdMiddleware } from '../common/correlation-id';
import type { AppConfig } from '../config/app-config';
import { serveConsole } from './console-static';
import { setupSwagger } from './swagger';
import { globalValidationPipe } from './validation-pipe';

export const API_PREFIX = 'api';
/** Symphony's own REST API (`/v1alpha2/...`) is served beside `/api`, outside its prefix. */
export const SYMPHONY_REST_PREFIX = 'v1alpha2';
/** Prometheus scrapes `/metrics`, beside `/api` like most exporters. */
export const METRICS_PATH = 'metrics';

export function configureHttp(
  app: NestExpressApplication,
  config: AppConfig,
  logger: LoggerService,
): void {
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: `${SYMPHONY_REST_PREFIX}/{*path}`, method: RequestMethod.ALL },
      { path: METRICS_PATH, method: RequestMethod.GET },
    ],
  });
  app.use(correlationIdMiddleware);
  app.useGlobalPipes(globalValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter());
  setupSwagger(app);
  serveConsole(app, config.consoleDir, logger);
}
