import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { NextFunction, Request, Response } from 'express';

/** Angular's build names every script and stylesheet after its content (`main-4YXCROAI.js`): cacheable for good. */
export const HASHED_ASSET = /-[A-Z0-9]{8}\.(js|css)$/;
export const IMMUTABLE = 'public, max-age=31536000, immutable';
const COMPRESSIBLE = new Set(['.js', '.css', '.svg', '.json', '.txt', '.map']);
/** Smaller files gain less than the headers cost. */
const MIN_BYTES = 1024;

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

interface Encoded {
  br: Buffer;
  gzip: Buffer;
}

/**
 * The console's scripts and stylesheets compressed once (brotli and gzip, on the thread pool, at start-up), served
 * to a browser that accepts either: the 1.2 MB of scripts would otherwise cross the network as they are, or cost
 * the API's one thread a compression per request. Until a file is ready it is served as it is.
 */
export class PrecompressedAssets {
  private readonly files = new Map<string, Encoded>();
  readonly ready: Promise<void>;

  constructor(private readonly dir: string) {
    this.ready = this.prepare().catch(() => undefined);
  }

  readonly middleware = (
    req: Request,
    res: Response,
    next: NextFunction,
  ): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const file = this.files.get(req.path);
    const encoding = file && preferredEncoding(req.headers['accept-encoding']);
    if (!file || !encoding) return next();
    const body = file[encoding];
    res.setHeader('Content-Type', contentType(res, req.path));
    res.setHeader('Content-Encoding', encoding);
    res.setHeader('Content-Length', body.length);
    res.setHeader('Vary', 'Accept-Encoding');
    if (HASHED_ASSET.test(req.path)) res.setHeader('Cache-Control', IMMUTABLE);
    res.status(200).end(req.method === 'HEAD' ? undefined : body);
  };

  private async prepare(): Promise<void> {
    for (const path of await filesUnder(this.dir)) {
      if (!COMPRESSIBLE.has(extname(path))) continue;
      const raw = await readFile(path);
      if (raw.length < MIN_BYTES) continue;
      const [br, gz] = await Promise.all([
        brotli(raw, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: 9,
            [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
          },
        }),
        gzipAsync(raw, { level: 9 }),
      ]);
      this.files.set('/' + relative(this.dir, path).split(sep).join('/'), {
        br,
        gzip: gz,
      });
    }
  }
}

/** `br` before `gzip`; an encoding with `q=0` is refused. */
export function preferredEncoding(
  header: string | undefined,
): keyof Encoded | null {
  if (!header) return null;
  const accepted = new Set<string>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q && Number(q.slice(2)) <= 0) continue;
    accepted.add(name.trim());
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return null;
}

function contentType(res: Response, path: string): string {
  res.type(extname(path));
  return String(res.getHeader('Content-Type'));
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path ?? dir, entry.name));
}
