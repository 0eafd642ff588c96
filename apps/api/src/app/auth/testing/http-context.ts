import { EventEmitter } from 'node:events';
import type { ExecutionContext } from '@nestjs/common';
import type { Principal } from '@fleet/shared/contracts';

export interface FakeRequest {
  method: string;
  headers: Record<string, string>;
  body?: unknown;
  params: Record<string, string>;
  originalUrl: string;
  path: string;
  ip: string;
  route?: { path: string };
  correlationId: string;
  user?: Principal;
}

/** An express response as far as the guard and the audit trail use it. */
export class FakeResponse extends EventEmitter {
  statusCode = 200;
  writableFinished = false;
  readonly headers: Record<string, string> = {};
  /** What the framework answered with through `json`. */
  body?: unknown;

  setHeader(name: string, value: string): this {
    this.headers[name.toLowerCase()] = value;
    return this;
  }

  json(body?: unknown): this {
    this.body = body;
    return this;
  }

  /** Ends the response as express would, which fires the audit trail's listener. */
  finish(statusCode: number): void {
    this.statusCode = statusCode;
    this.writableFinished = true;
    this.emit('close');
  }
}

export interface HttpCall {
  method?: string;
  path?: string;
  route?: string;
  headers?: Record<string, string>;
  body?: unknown;
  params?: Record<string, string>;
  /** The controller class and the name of its handler method. */
  controller: abstract new (...args: never[]) => unknown;
  handler: string;
  type?: 'http' | 'rpc' | 'ws';
}

export function httpContext(call: HttpCall): {
  context: ExecutionContext;
  req: FakeRequest;
  res: FakeResponse;
} {
  const path = call.path ?? '/api/things';
  const req: FakeRequest = {
    method: call.method ?? 'GET',
    headers: call.headers ?? {},
    body: call.body,
    params: call.params ?? {},
    originalUrl: `${path}?q=1`,
    path,
    ip: '10.0.0.7',
    route: { path: call.route ?? path },
    correlationId: 'corr-1',
  };
  const res = new FakeResponse();
  const handler = (call.controller.prototype as Record<string, unknown>)[
    call.handler
  ] as () => void;
  const context = {
    getType: () => call.type ?? 'http',
    getHandler: () => handler,
    getClass: () => call.controller,
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
  } as unknown as ExecutionContext;
  return { context, req, res };
}

/** Lets pending promise callbacks (the audit writes) run. */
export const flush = () => new Promise((resolve) => setImmediate(resolve));
