import { HttpException, HttpStatus } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { text } from 'express';
import { MANIFEST_TEXT_TYPES, MAX_MANIFEST_BYTES } from './manifest-text';

/**
 * Reads YAML (and plain text) bodies as a string; JSON bodies stay with Nest's JSON parser. A body the parser
 * refuses (too large, bad charset) rejects as an HttpException, so that the global filter answers it with its
 * status (413, 415, 400) in the API's error shape.
 */
export function manifestBodyParser() {
  const parse = text({ type: MANIFEST_TEXT_TYPES, limit: MAX_MANIFEST_BYTES });
  return (req: Request, res: Response, next: NextFunction): Promise<void> =>
    new Promise((resolve, reject) =>
      parse(req, res, (error?: unknown) => {
        if (error) return reject(asHttpException(error));
        resolve();
        next();
      }),
    );
}

function asHttpException(error: unknown): unknown {
  const status = (error as { status?: unknown }).status;
  if (typeof status !== 'number' || status < 400 || status >= 500) return error;
  const message =
    status === HttpStatus.PAYLOAD_TOO_LARGE
      ? `the manifest is larger than ${MAX_MANIFEST_BYTES / 1024} kB`
      : (error as Error).message;
  return new HttpException(message, status);
}
