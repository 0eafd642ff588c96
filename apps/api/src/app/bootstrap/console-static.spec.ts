import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleLogger, Controller, Get, Module } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { appConfig } from '../../testing/factories';
import { configureHttp } from './configure-http';

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
