import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleLogger, Controller, Get, Module } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { appConfig } from '../../testing/factories';
import { configureHttp } from './configure-http';
import { preferredEncoding } from './precompressed-assets';

/** A script the size of a real chunk's start, named as Angular's build names them. */
const HASHED_SCRIPT = '/chunk-AB12CD34.js';
const SCRIPT_TEXT = 'export const rows = [];\n'.repeat(400);

@Controller('ping')
class PingController {
  @Get()
  ping(): { pong: true } {
    return { pong: true };
  }
}

@Module({ controllers: [PingController] })
class PingModule {}

/** The built console at `/` beside the API, in a real Nest/express app over a folder with a fake build. */
describe('the console beside the API (configureHttp)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'console-static-'));
  let app: NestExpressApplication;
  let url = '';

  beforeAll(async () => {
    writeFileSync(join(dir, 'index.html'), '<html>console</html>');
    writeFileSync(join(dir, 'main.js'), 'console.log(1)');
    writeFileSync(join(dir, HASHED_SCRIPT.slice(1)), SCRIPT_TEXT);
    // A file the API's own paths must never reach.
    writeFileSync(join(dir, 'api'), 'not the api');
    const moduleRef = await Test.createTestingModule({
      imports: [PingModule],
    }).compile();
    const logger = new ConsoleLogger({ logLevels: ['fatal'] });
    app = moduleRef.createNestApplication<NestExpressApplication>({ logger });
    configureHttp(app, appConfig({ consoleDir: dir }), logger);
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = async (path: string) => {
    const res = await fetch(url + path);
    return { status: res.status, text: await res.text() };
  };

  it('serves the build, and index.html for the root and for client-side routes', async () => {
    expect(await get('/main.js')).toEqual({
      status: 200,
      text: 'console.log(1)',
    });
    expect(await get('/')).toEqual({
      status: 200,
      text: '<html>console</html>',
    });
    expect(await get('/cars/car-7')).toEqual({
      status: 200,
      text: '<html>console</html>',
    });
  });

  it('sends no ETag with an API answer, and the static file one with a console file', async () => {
    const api = await fetch(url + '/api/ping');
    const file = await fetch(url + '/main.js');
    expect(api.headers.get('etag')).toBeNull();
    expect(file.headers.get('etag')).toMatch(/^W\//);
  });

  it('caches content-hashed scripts for good, and asks for index.html (the page) again every time', async () => {
    const script = await fetch(url + HASHED_SCRIPT);
    const unhashed = await fetch(url + '/main.js');
    const root = await fetch(url + '/');
    const route = await fetch(url + '/cars/car-7');

    expect(script.headers.get('cache-control')).toBe(
      'public, max-age=31536000, immutable',
    );
    expect(unhashed.headers.get('cache-control')).not.toContain('immutable');
    expect(root.headers.get('cache-control')).toBe('no-cache');
    expect(route.headers.get('cache-control')).toBe('no-cache');
  });

  it('sends a script brotli- or gzip-compressed to a browser that accepts it, and as it is to one that does not', async () => {
    const fetchAs = async (encoding: string) => {
      const res = await fetch(url + HASHED_SCRIPT, {
        headers: { 'accept-encoding': encoding },
      });
      return {
        encoding: res.headers.get('content-encoding'),
        vary: res.headers.get('vary'),
        type: res.headers.get('content-type'),
        text: await res.text(),
      };
    };
    // Compressed on the thread pool after start-up: served as it is until then.
    const deadline = Date.now() + 10_000;
    while ((await fetchAs('br')).encoding !== 'br' && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));

    const br = await fetchAs('br');
    const gzip = await fetchAs('gzip, deflate');
    const plain = await fetchAs('identity');

    expect(br).toMatchObject({ encoding: 'br', text: SCRIPT_TEXT });
    expect(br.type).toContain('javascript');
    expect(gzip).toMatchObject({ encoding: 'gzip', text: SCRIPT_TEXT });
    expect(plain).toMatchObject({ encoding: null, text: SCRIPT_TEXT });
    for (const answer of [br, gzip, plain])
      expect(answer.vary).toContain('Accept-Encoding');
  });

  it('leaves the API, Symphony, metrics and socket paths to their routes, even where a file has their name', async () => {
    expect(await get('/api/ping')).toEqual({
      status: 200,
      text: '{"pong":true}',
    });
    expect((await get('/api')).text).not.toBe('not the api');
    expect((await get('/v1alpha2/solutions')).status).toBe(404);
    expect((await get('/metrics')).status).toBe(404);
    expect((await get('/missing.js')).status).toBe(404);
  });
});

describe(preferredEncoding.name, () => {
  it('prefers brotli, then gzip, and never one refused with q=0', () => {
    expect(preferredEncoding('gzip, deflate, br')).toBe('br');
    expect(preferredEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(preferredEncoding('gzip;q=0, BR')).toBe('br');
    expect(preferredEncoding('deflate')).toBeNull();
    expect(preferredEncoding('br;q=0,gzip;q=0')).toBeNull();
    expect(preferredEncoding(undefined)).toBeNull();
  });
});
