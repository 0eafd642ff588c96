import { ArgumentsHost, NotFoundException } from '@nestjs/common';
import {
  isSymphonyRestPath,
  RouteExceptionFilter,
} from './route-exception.filter';

function httpHost(url: string) {
  const response = {
    headersSent: false,
    statusCode: 0,
    body: undefined as unknown,
    contentType: '',
    status(code: number) {
      this.statusCode = code;
      return this;
    },
    type(value: string) {
      this.contentType = value;
      return this;
    },
    json(body: unknown) {
      this.contentType = 'application/json';
      this.body = body;
    },
    send(body: unknown) {
      this.body = body;
    },
    setHeader: jest.fn(),
  };
  const request = { originalUrl: url, method: 'GET', headers: {} };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({
      getRequest: () => request,
      getResponse: () => response,
    }),
  } as unknown as ArgumentsHost;
  return { host, response };
}

describe(RouteExceptionFilter.name, () => {
  const filter = new RouteExceptionFilter('v1alpha2');

  it('answers errors under the Symphony prefix in Symphony’s plain text', () => {
    const { host, response } = httpHost('/v1alpha2/no-such?x=1');
    filter.catch(new NotFoundException('Cannot GET /v1alpha2/no-such'), host);
    expect(response.statusCode).toBe(404);
    expect(response.contentType).toContain('text/plain');
    expect(response.body).toBe('Not Found: Cannot GET /v1alpha2/no-such');
  });

  it('answers every other path in the JSON error shape', () => {
    const { host, response } = httpHost('/api/cars/nope');
    filter.catch(new NotFoundException('car nope not found'), host);
    expect(response.statusCode).toBe(404);
    expect(response.body).toMatchObject({
      statusCode: 404,
      message: 'car nope not found',
    });
  });

  it.each([
    ['/v1alpha2', true],
    ['/v1alpha2/solutions', true],
    ['/v1alpha2?x', true],
    ['/v1alpha22/solutions', false],
    ['/api/v1alpha2', false],
  ])('%s is a Symphony path: %s', (url, expected) => {
    expect(isSymphonyRestPath(url, 'v1alpha2')).toBe(expected);
  });
});
