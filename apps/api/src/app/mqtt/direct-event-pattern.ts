import type { Type } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import type { MessageHandler } from '@nestjs/microservices';

/** The `extras` key under which `@DirectEventPattern` names its method. */
export const DIRECT_HANDLER = 'fleetDirectHandler';

interface DirectHandlerRef {
  type: Type<unknown>;
  method: string | symbol;
}

/** A `@DirectEventPattern` method bound to its controller: (payload, context). */
export type DirectHandler = (payload: unknown, context: unknown) => unknown;

/** Finds the app's instance of a controller class. */
export type InstanceResolver = (type: Type<unknown>) => unknown;

/**
 * `@EventPattern` for the messages cars send by the thousand a second. The transport calls such a method itself
 * with `(payload, context)` instead of through Nest's per-message pipeline (parameter pipes, the global guard and
 * interceptors, an rxjs chain and async-hooks bindings; for MQTT those all pass the message through unchanged):
 * at 10,000 reporting cars that pipeline allocated ~40 % of the API's garbage. So the method gets no guards,
 * pipes, interceptors or exception filters: it validates its payload itself, and a rejection is logged by the
 * transport. The subscription and the topic → handler lookup stay Nest's.
 */
export function DirectEventPattern(pattern: string): MethodDecorator {
  return (target, method, descriptor) => {
    const ref: DirectHandlerRef = {
      type: target.constructor as Type<unknown>,
      method,
    };
    EventPattern(pattern, { [DIRECT_HANDLER]: ref })(
      target,
      method,
      descriptor,
    );
  };
}

/**
 * The methods behind a pattern's chain of Nest handlers (several controllers may take one pattern), bound to
 * their instances; null unless every handler of the chain is direct and its instance is found.
 */
export function directHandlers(
  head: MessageHandler,
  resolve: InstanceResolver,
): DirectHandler[] | null {
  const handlers: DirectHandler[] = [];
  for (
    let handler: MessageHandler | undefined = head;
    handler;
    handler = handler.next as MessageHandler | undefined
  ) {
    const ref = handler.extras?.[DIRECT_HANDLER] as
      | DirectHandlerRef
      | undefined;
    if (!ref) return null;
    const instance = resolve(ref.type) as Record<
      string | symbol,
      unknown
    > | null;
    const method = instance?.[ref.method];
    if (typeof method !== 'function') return null;
    handlers.push((payload, context) =>
      method.call(instance, payload, context),
    );
  }
  return handlers;
}
