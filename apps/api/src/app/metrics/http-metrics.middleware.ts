import type { NextFunction, Request, Response } from 'express';
import type { FleetMetrics } from './fleet-metrics';

/**
 * HTTP latency per method, route pattern (never the raw URL, so ids do not explode the series) and status
 * class, taken when the response is finished, after any exception filter or refusal by the guard. Requests
 * that matched no route (the console's files, unknown paths) are not counted.
 *
 * Express middleware rather than a Nest interceptor: a global interceptor puts every request through Nest's
 * interceptor chain (rxjs and an async resource per call), a few per cent of the API's CPU when it serves
 * car lists at saturation; with neither this nor the audit trail as an interceptor, reads pass through none.
 */
export function httpMetricsMiddleware(metrics: FleetMetrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const route = (req.route as { path?: unknown } | undefined)?.path;
      if (typeof route !== 'string') return;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.httpRequests.observe(
        {
          method: req.method,
          route,
          status: `${Math.floor(res.statusCode / 100)}xx`,
        },
        seconds,
      );
    });
    next();
  };
}
