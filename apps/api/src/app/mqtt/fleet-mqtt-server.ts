import { MqttContext, ServerMqtt } from '@nestjs/microservices';
import type {
  BaseRpcContext,
  MessageHandler,
  MqttOptions,
  ReadPacket,
} from '@nestjs/microservices';
import type { MqttClient } from 'mqtt';
import { directHandlers } from './direct-event-pattern';
import type { DirectHandler, InstanceResolver } from './direct-event-pattern';
import type { LocalPacket, LocalSubscribe } from './embedded-broker';

interface CompiledPattern {
  segments: string[];
  handler: MessageHandler;
}

/**
 * Nest's MQTT transport with a cheaper topic → handler lookup. Nest's own tries `JSON.parse` on every topic (a
 * thrown SyntaxError per message) and splits every pattern again for every message: ~5 % of the API's CPU at
 * 10,000 reporting cars. Here exact patterns are a map lookup and wildcard patterns are split once.
 */
export class FleetMqttServer extends ServerMqtt {
  private compiled: CompiledPattern[] | null = null;
  /** Per head of a handler chain: its `@DirectEventPattern` methods, or null (Nest's pipeline). */
  private direct = new WeakMap<MessageHandler, DirectHandler[] | null>();

  constructor(
    options: Required<MqttOptions>['options'],
    /** Called once for every message received, with its topic (the `in` count of fleet_mqtt_messages_total). */
    protected readonly received: (topic: string) => void = () => undefined,
    /** The app's controllers, for `@DirectEventPattern` methods; without it every message takes Nest's pipeline. */
    private readonly instances: InstanceResolver | null = null,
  ) {
    super(options);
  }

  /**
   * An event for `@DirectEventPattern` methods goes to them at once; like Nest's pipeline this does not wait for
   * what they do asynchronously, and a failure is logged. Any other event takes Nest's way.
   */
  override handleEvent(
    pattern: string,
    packet: ReadPacket,
    context: BaseRpcContext,
  ): Promise<unknown> {
    const handler = this.getHandlerByPattern(pattern);
    const direct = handler && this.directFor(handler);
    if (!direct) return super.handleEvent(pattern, packet, context);
    for (const method of direct) {
      try {
        const done = method(packet.data, context);
        if (done instanceof Promise)
          done.catch((error: unknown) => this.failed(pattern, error));
      } catch (error) {
        this.failed(pattern, error);
      }
    }
    return Promise.resolve();
  }

  override handleMessage(
    channel: string,
    buffer: Buffer,
    pub: MqttClient,
    originalPacket?: Record<string, unknown>,
  ): Promise<unknown> {
    this.received(channel);
    return super.handleMessage(channel, buffer, pub, originalPacket);
  }

  override addHandler(
    pattern: unknown,
    callback: MessageHandler,
    isEventHandler?: boolean,
    extras?: Record<string, unknown>,
  ): void {
    super.addHandler(pattern, callback, isEventHandler, extras);
    this.compiled = null;
    this.direct = new WeakMap();
  }

  override getHandlerByPattern(topic: string): MessageHandler | null {
    // A JSON pattern (Nest's object patterns): Nest's own lookup knows them.
    if (topic.startsWith('{')) return super.getHandlerByPattern(topic);
    const exact = this.messageHandlers.get(topic);
    if (exact) return exact;
    const segments = topic.split('/');
    for (const pattern of (this.compiled ??= this.compile()))
      if (matches(pattern.segments, segments)) return pattern.handler;
    return null;
  }

  private directFor(head: MessageHandler): DirectHandler[] | null {
    if (!this.instances) return null;
    let direct = this.direct.get(head);
    if (direct === undefined) {
      direct = directHandlers(head, this.instances);
      this.direct.set(head, direct);
    }
    return direct;
  }

  private failed(pattern: string, error: unknown): void {
    this.logger.error(
      `${pattern}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  }

  private compile(): CompiledPattern[] {
    return [...this.messageHandlers].map(([key, handler]) => ({
      segments: this.removeHandlerKeySharedPrefix(key).split('/'),
      handler,
    }));
  }
}

/** MQTT topic filter matching (`+` one level, `#` the rest), on split topics. */
export function matches(filter: string[], topic: string[]): boolean {
  for (let i = 0; i < filter.length; i++) {
    const level = filter[i];
    if (level === '#') return i === filter.length - 1;
    if (i >= topic.length) return false;
    if (level !== '+' && level !== topic[i]) return false;
  }
  return filter.length === topic.length;
}

/**
 * The transport for the embedded broker: the handlers subscribe inside the broker's process, so a car's message
 * reaches them without being encoded again, written to a socket, parsed and acknowledged a second time (the API's
 * own client connection cost about as much CPU as the cars' connections; with the broker on its own thread the
 * messages cross as text in batches, see broker-thread/). Retained messages are replayed on
 * subscribe, as a broker does for a client. Event handlers only: there is no connection to reply on.
 */
export class InProcessMqttServer extends FleetMqttServer {
  private readonly unsubscribes: (() => Promise<void>)[] = [];

  constructor(
    private readonly subscribeLocal: LocalSubscribe,
    options: Required<MqttOptions>['options'],
    received?: (topic: string) => void,
    instances?: InstanceResolver | null,
  ) {
    super(options, received, instances);
  }

  override async listen(callback: (err?: unknown) => void): Promise<void> {
    try {
      for (const [pattern, handler] of this.messageHandlers) {
        if (!handler.isEventHandler)
          throw new Error(
            `${pattern}: a request/response handler needs a broker connection`,
          );
        this.unsubscribes.push(
          await this.subscribeLocal(pattern, (packet) => this.deliver(packet)),
        );
      }
      callback();
    } catch (error) {
      callback(error);
    }
  }

  override close(): void {
    for (const unsubscribe of this.unsubscribes.splice(0))
      void unsubscribe().catch(() => undefined);
  }

  override unwrap<T>(): T {
    throw new Error('the in-process MQTT transport has no client connection');
  }

  /** Never rejects: a handler's failure is logged, like Nest's own transport does. */
  async deliver(packet: LocalPacket): Promise<void> {
    this.received(packet.topic);
    try {
      const data = this.parseMessage(packet.payload.toString());
      const event = await this.deserializer.deserialize(data, {
        channel: packet.topic,
      });
      await this.handleEvent(
        packet.topic,
        event,
        new MqttContext([packet.topic, packet]),
      );
    } catch (error) {
      this.logger.error(error);
    }
  }
}
