import {
  Body,
  Delete,
  UseFilters,
  UseGuards,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Param,
  Post,
} from '@nestjs/common';
import type { Type } from '@nestjs/common';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import { objectFromBody } from '../object-body';
import { DefaultNamespaceGuard } from './default-namespace.guard';
import { SymphonyErrorFilter } from './symphony-error.filter';
import type { SymphonyObject } from '../symphony-store';

/** What one Symphony object kind's REST routes call on its service. */
export interface SymphonyObjectOps<T extends SymphonyObject> {
  list(): Promise<T[]>;
  get(name: string): Promise<T>;
  upsert(object: T): Promise<unknown>;
  delete(name: string): Promise<void>;
}

export interface SymphonyObjectRoutesOptions<S, T extends SymphonyObject> {
  /** Handler names (the OpenAPI operation ids): `list<plural>`, `get<singular>`, `upsert<singular>`, `delete<singular>`. */
  singular: string;
  plural: string;
  service: Type<S>;
  ops: (service: S) => SymphonyObjectOps<T>;
  /** OpenAPI summaries per handler. */
  summaries?: Partial<Record<keyof SymphonyObjectOps<T>, string>>;
}

type Handler = (...args: never[]) => unknown;
type MethodDecorators = (MethodDecorator | ParameterDecorator)[];

/**
 * The routes every stored Symphony object kind shares: `GET /`, `GET /:name`, `POST /:name` (200, empty
 * body) and `DELETE /:name`, with Symphony's plain-text errors and only the `default` namespace. The subclass carries `@Controller(path)` and `@ApiTags`. Handlers are named
 * per kind because their names are the OpenAPI operation ids.
 */
export function symphonyObjectRoutes<S, T extends SymphonyObject>(
  options: SymphonyObjectRoutesOptions<S, T>,
): Type<object> {
  const { singular, plural, ops, summaries = {} } = options;
  class SymphonyObjectRoutes {
    constructor(readonly service: S) {}
  }
  Inject(options.service)(SymphonyObjectRoutes, undefined, 0);
  UseFilters(SymphonyErrorFilter)(SymphonyObjectRoutes);
  UseGuards(DefaultNamespaceGuard)(SymphonyObjectRoutes);
  Reflect.defineMetadata(
    'design:paramtypes',
    [options.service],
    SymphonyObjectRoutes,
  );
  const of = (self: SymphonyObjectRoutes) => ops(self.service);
  const define = (
    key: keyof SymphonyObjectOps<T>,
    name: string,
    handler: Handler,
    paramTypes: unknown[],
    decorators: MethodDecorators,
  ) => {
    const proto = SymphonyObjectRoutes.prototype as unknown as Record<
      string,
      unknown
    >;
    // Swagger reads the operation id and the route arguments by the function's own name.
    Object.defineProperty(handler, 'name', { value: name });
    proto[name] = handler;
    const summary = summaries[key];
    const all = summary
      ? [ApiOperation({ summary }), ...decorators]
      : decorators;
    Reflect.defineMetadata('design:type', Function, proto, name);
    Reflect.defineMetadata('design:paramtypes', paramTypes, proto, name);
    Reflect.defineMetadata('design:returntype', Promise, proto, name);
    // Bottom-up, as TypeScript applies a decorator list.
    for (const decorator of [...all].reverse()) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, name);
      if (!descriptor) continue;
      (decorator as MethodDecorator)(proto, name, descriptor);
    }
  };
  const param = (index: number, decorator: ParameterDecorator) =>
    ((target: object, key: string | symbol | undefined) =>
      decorator(target, key, index)) as unknown as MethodDecorator;

  define(
    'list',
    `list${plural}`,
    function (this: SymphonyObjectRoutes) {
      return of(this).list();
    },
    [],
    [Get(), ApiResponse({ status: 200, type: [Object] })],
  );
  define(
    'get',
    `get${singular}`,
    function (this: SymphonyObjectRoutes, name: string) {
      return of(this).get(name);
    } as Handler,
    [String],
    [
      Get(':name'),
      ApiResponse({ status: 200, type: Object }),
      param(0, Param('name')),
    ],
  );
  define(
    'upsert',
    `upsert${singular}`,
    async function (this: SymphonyObjectRoutes, name: string, body: unknown) {
      await of(this).upsert(objectFromBody<T>(name, body));
    } as Handler,
    [String, Object],
    [
      Post(':name'),
      HttpCode(HttpStatus.OK),
      ApiResponse({ status: HttpStatus.OK }),
      param(0, Param('name')),
      param(1, Body()),
    ],
  );
  define(
    'delete',
    `delete${singular}`,
    function (this: SymphonyObjectRoutes, name: string) {
      return of(this).delete(name);
    } as Handler,
    [String],
    [Delete(':name'), ApiResponse({ status: 200 }), param(0, Param('name'))],
  );
  return SymphonyObjectRoutes;
}
