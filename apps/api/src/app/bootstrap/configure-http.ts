import { RequestMethod } from '@nestjs/common';
import type { LoggerService } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { correlationIdMiddleware } from '../common/correlation-id';
import type { AppConfig } from '../config/app-config';
import type { FleetMetrics } from '../metrics/fleet-metrics';
import { httpMetricsMiddleware } from '../metrics/http-metrics.middleware';
import { serveConsole } from './console-static';
import { RouteExceptionFilter } from './route-exception.filter';
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
  /** The app's metrics: HTTP latency is timed when given (tests of one module leave it out). */
  metrics?: FleetMetrics,
): void {
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: `${SYMPHONY_REST_PREFIX}/{*path}`, method: RequestMethod.ALL },
      { path: METRICS_PATH, method: RequestMethod.GET },
    ],
  });
  // Express would hash every JSON answer for an ETag (a 60 KB page of cars each time); live lists change too
  // often for conditional requests to pay. The console's static files keep their own (file-based) ETags.
  app.set('etag', false);
  app.use(correlationIdMiddleware);
  if (metrics) app.use(httpMetricsMiddleware(metrics));
  app.useGlobalPipes(globalValidationPipe());
  app.useGlobalFilters(new RouteExceptionFilter(SYMPHONY_REST_PREFIX));
  setupSwagger(app);
  serveConsole(app, config.consoleDir, logger);
}
