import {
  CallHandler,
  Controller,
  ExecutionContext,
  Injectable,
  Logger,
  Module,
  NestInterceptor,
} from '@nestjs/common';
import type { INestMicroservice, Type } from '@nestjs/common';
import { APP_INTERCEPTOR, NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, MqttContext, Payload } from '@nestjs/microservices';
import type { MessageHandler } from '@nestjs/microservices';
import { connectAsync } from 'mqtt';
import type { Observable } from 'rxjs';
import { DIRECT_HANDLER, DirectEventPattern } from './direct-event-pattern';
import { startEmbeddedBroker } from './embedded-broker';
import { FleetMqttServer, InProcessMqttServer } from './fleet-mqtt-server';
import { RawJsonDeserializer } from './raw-json.deserializer';

const options = {
  url: 'mqtt://127.0.0.1:1',
  deserializer: new RawJsonDeserializer(),
};

class Reports {
  readonly seen: { data: unknown; topic: string }[] = [];
  on(data: unknown, ctx: MqttContext): void {
    this.seen.push({ data, topic: ctx.getTopic() });
  }
  async fails(): Promise<void> {
    throw new Error('handler failed');
  }
  throws(): void {
    throw new Error('thrown at once');
  }
}

/** A handler as Nest's ListenersController registers it: its wrapped callback counts calls. */
function wrapped(calls: string[], name: string): MessageHandler {
  return (async () => {
    calls.push(name);
  }) as unknown as MessageHandler;
}

const direct = (method: keyof Reports) => ({
  [DIRECT_HANDLER]: { type: Reports, method },
});
const packet = (data: unknown) => ({ pattern: 'fleet/car-1/status', data });
const context = () =>
  new MqttContext(['fleet/car-1/status', { topic: 'fleet/car-1/status' }]);

describe('FleetMqttServer with @DirectEventPattern handlers', () => {
  it('hands the event to the methods themselves when every handler of the pattern is direct', async () => {
    const reports = new Reports();
    const other = new Reports();
    const instances = new Map<Type<unknown>, unknown>([[Reports, reports]]);
    const server = new FleetMqttServer(options, undefined, (type) =>
      instances.get(type),
    );
    const calls: string[] = [];
    server.addHandler(
      'fleet/+/status',
      wrapped(calls, 'a'),
      true,
      direct('on'),
    );
    server.addHandler(
      'fleet/+/status',
      wrapped(calls, 'b'),
      true,
      direct('on'),
    );
    instances.set(Reports, reports);

    await server.handleEvent('fleet/car-1/status', packet({ n: 1 }), context());

    expect(calls).toEqual([]);
    expect(reports.seen).toEqual([
      { data: { n: 1 }, topic: 'fleet/car-1/status' },
      { data: { n: 1 }, topic: 'fleet/car-1/status' },
    ]);
    expect(other.seen).toEqual([]);
  });

  it("takes Nest's pipeline when one handler of the pattern is not direct, or without the app's instances", async () => {
    const reports = new Reports();
    const calls: string[] = [];
    const mixed = new FleetMqttServer(options, undefined, () => reports);
    mixed.addHandler(
      'fleet/+/status',
      wrapped(calls, 'direct'),
      true,
      direct('on'),
    );
    mixed.addHandler('fleet/+/status', wrapped(calls, 'plain'), true, {});
    const unresolved = new FleetMqttServer(options);
    unresolved.addHandler(
      'fleet/+/status',
      wrapped(calls, 'alone'),
      true,
      direct('on'),
    );

    await mixed.handleEvent('fleet/car-1/status', packet({}), context());
    await unresolved.handleEvent('fleet/car-1/status', packet({}), context());

    expect(calls).toEqual(['direct', 'alone']);
    expect(reports.seen).toEqual([]);
  });

  it('logs a method that rejects or throws, and still runs the other methods of the pattern', async () => {
    const reports = new Reports();
    const server = new FleetMqttServer(options, undefined, () => reports);
    for (const method of ['throws', 'fails', 'on'] as const)
      server.addHandler(
        'fleet/+/status',
        wrapped([], method),
        true,
        direct(method),
      );
    const logged = jest
      .spyOn(Logger.prototype, 'error')
      .mockImplementation(() => undefined);
    try {
      await expect(
        server.handleEvent('fleet/car-1/status', packet({ n: 2 }), context()),
      ).resolves.toBeUndefined();
      await new Promise((resolve) => setImmediate(resolve));

      expect(reports.seen).toHaveLength(1);
      const lines = logged.mock.calls.map((call) => String(call[0]));
      expect(lines).toHaveLength(2);
      expect(lines.some((line) => line.includes('thrown at once'))).toBe(true);
      expect(lines.some((line) => line.includes('handler failed'))).toBe(true);
    } finally {
      logged.mockRestore();
    }
  });
});

// Through Nest: the decorator's extras reach the transport, and a global interceptor sees only the plain events.
const intercepted: string[] = [];
const received: string[] = [];

@Injectable()
class CountingInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    intercepted.push(
      context.switchToRpc().getContext<MqttContext>().getTopic(),
    );
    return next.handle();
  }
}

@Controller()
class CarMessagesController {
  @DirectEventPattern('fleet/+/status')
  onStatus(@Payload() payload: unknown, @Ctx() ctx: MqttContext): void {
    received.push(`${ctx.getTopic()} ${JSON.stringify(payload)}`);
  }

  @EventPattern('fleet/+/hello')
  onHello(@Payload() payload: unknown, @Ctx() ctx: MqttContext): void {
    received.push(`${ctx.getTopic()} ${JSON.stringify(payload)}`);
  }
}

@Module({
  controllers: [CarMessagesController],
  providers: [{ provide: APP_INTERCEPTOR, useClass: CountingInterceptor }],
})
class CarMessagesModule {}

describe('@DirectEventPattern in a Nest microservice on the embedded broker', () => {
  it('reaches the method without the global interceptor; a plain @EventPattern still goes through it', async () => {
    const broker = await startEmbeddedBroker(0);
    let app: INestMicroservice | undefined;
    const car = await connectAsync(broker.url, { clientId: 'car-1' });
    try {
      app = await NestFactory.createMicroservice(CarMessagesModule, {
        strategy: new InProcessMqttServer(
          broker.subscribeLocal,
          options,
          undefined,
          (type) => app?.get(type, { strict: false }),
        ),
        logger: false,
      });
      await app.listen();
      await car.publishAsync('fleet/car-1/status', '{"state":"parked"}', {
        qos: 1,
      });
      await car.publishAsync('fleet/car-1/hello', '{"v":1}', { qos: 1 });
      const deadline = Date.now() + 5000;
      while (received.length < 2 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 10));

      expect(received.sort()).toEqual([
        'fleet/car-1/hello {"v":1}',
        'fleet/car-1/status {"state":"parked"}',
      ]);
      expect(intercepted).toEqual(['fleet/car-1/hello']);
    } finally {
      await car.endAsync();
      await app?.close();
      await broker.close();
    }
  });
});
