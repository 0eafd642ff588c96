import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LoggerService } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import {
  HASHED_ASSET,
  IMMUTABLE,
  PrecompressedAssets,
} from './precompressed-assets';

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
  // Hashed scripts and styles are cached for good; index.html is asked for again every time (a new build shows).
  const compressed = new PrecompressedAssets(dir);
  const assets = express.static(dir, {
    index: 'index.html',
    setHeaders: (res, path) => {
      res.setHeader('Vary', 'Accept-Encoding');
      if (HASHED_ASSET.test(path)) res.setHeader('Cache-Control', IMMUTABLE);
      else if (path.endsWith('index.html'))
        res.setHeader('Cache-Control', 'no-cache');
    },
  });
  app.use((req: Request, res: Response, next: NextFunction) =>
    RESERVED.test(req.path)
      ? next()
      : compressed.middleware(req, res, () => assets(req, res, next)),
  );
  app.use((req: Request, res: Response, next: NextFunction) => {
    const isPage =
      (req.method === 'GET' || req.method === 'HEAD') &&
      !RESERVED.test(req.path) &&
      !HAS_EXTENSION.test(req.path);
    if (isPage) {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index, { cacheControl: false });
    } else next();
  });
}
