import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LoggerService } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';

const RESERVED = /^\/(api|ws|v1alpha2|metrics)(\/|$)/;
const HAS_EXTENSION = /\.[^/]*$/;

/** Serves the built console at `/`, with index.html for client-side routes; the API, Symphony and socket paths stay out. */
export function serveConsole(
  app: NestExpressApplication,
  dir: string,
  logger: LoggerService,
): void {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) {
    logger.warn(`no built console at ${dir}; serving the API only`, 'Console');
    return;
  }
  // Not on reserved paths: the static middleware stats a file for every request it sees (~7 % of a list request).
  const assets = express.static(dir, { index: 'index.html' });
  app.use((req: Request, res: Response, next: NextFunction) =>
    RESERVED.test(req.path) ? next() : assets(req, res, next),
  );
  app.use((req: Request, res: Response, next: NextFunction) => {
    const isPage =
      (req.method === 'GET' || req.method === 'HEAD') &&
      !RESERVED.test(req.path) &&
      !HAS_EXTENSION.test(req.path);
    if (isPage) res.sendFile(index);
    else next();
  });
}
