import {
  BadRequestException,
  ConflictException,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import type { ArgumentsHost } from '@nestjs/common';
import {
  SymphonyErrorFilter,
  SymphonyResultError,
  symphonyErrorBody,
} from './symphony-error.filter';
import { DefaultNamespaceGuard } from './default-namespace.guard';
import type { ExecutionContext } from '@nestjs/common';

function response() {
  const sent: {
    status?: number;
    type?: string;
    body?: unknown;
    json?: unknown;
  } = {};
  const res = {
    headersSent: false,
    setHeader: () => res,
    status: (s: number) => ((sent.status = s), res),
    type: (t: string) => ((sent.type = t), res),
    send: (b: unknown) => ((sent.body = b), res),
    json: (b: unknown) => ((sent.json = b), res),
  };
  const host = {
    switchToHttp: () => ({ getResponse: () => res }),
  } as unknown as ArgumentsHost;
  return { sent, host };
}

describe(SymphonyErrorFilter.name, () => {
  it.each([
    [
      new NotFoundException('instance x not found'),
      404,
      'Not Found: instance x not found',
    ],
    [
      new ConflictException('car c1 is driving'),
      409,
      'Conflict: car c1 is driving',
    ],
    [
      new BadRequestException([
        'spec.solution: Invalid value: "": solution does not exist',
        'spec.target: x',
      ]),
      400,
      'Bad Request: spec.solution: Invalid value: "": solution does not exist\nspec.target: x',
    ],
    [
      new UnauthorizedException('missing token'),
      401,
      'Unauthorized: missing token',
    ],
    [new Error('boom'), 500, 'Internal Error: boom'],
  ])(
    'answers %p as Symphony does: status %i, plain text %p',
    (error, status, body) => {
      const { sent, host } = response();
      new SymphonyErrorFilter().catch(error, host);
      expect(sent).toEqual({ status, type: 'text/plain; charset=utf-8', body });
    },
  );

  it('answers Symphony’s JSON result errors as JSON', () => {
    const { sent, host } = response();
    new SymphonyErrorFilter().catch(
      new SymphonyResultError(400, 'instance parameter is not found'),
      host,
    );
    expect(sent).toEqual({
      status: 400,
      json: { result: '400 - instance parameter is not found' },
    });
  });

  it('names the COA state Symphony names (403 is its Unauthorized)', () => {
    expect(symphonyErrorBody(403, 'role')).toBe('Unauthorized: role');
    expect(symphonyErrorBody(418, '')).toBe('Internal Error');
  });
});

describe(DefaultNamespaceGuard.name, () => {
  const context = (query: Record<string, unknown>) =>
    ({
      switchToHttp: () => ({ getRequest: () => ({ query }) }),
    }) as unknown as ExecutionContext;

  it('lets requests without a namespace or with default through, and refuses any other with 400', () => {
    const guard = new DefaultNamespaceGuard();
    expect(guard.canActivate(context({}))).toBe(true);
    expect(guard.canActivate(context({ namespace: 'default' }))).toBe(true);
    expect(() => guard.canActivate(context({ namespace: 'fleet-b' }))).toThrow(
      'namespace "fleet-b" is not supported',
    );
  });
});
