import { randomUUID } from 'node:crypto';
import {
  Injectable,
  Logger,
  OnModuleDestroy,
  OnModuleInit,
} from '@nestjs/common';
import { CarTopics } from '@fleet/shared/contracts';
import type {
  AgentHello,
  AgentStatusMessage,
  CarCommand,
} from '@fleet/shared/contracts';
import { Subscription } from 'rxjs';
import { CarRegistry } from '../cars/car-registry';
import { MqttPublisher } from '../mqtt/mqtt-publisher';

/** Connections that mean the supervised process is gone (or not yet up): nobody holds the name. */
const PROCESS_GONE = new Set(['starting', 'crashed', 'stopped']);

/**
 * One connected agent per name. The agents check this themselves on connect; the API backs them up: when a
 * hello comes from another instance while the instance it knows is still connected, it sends that newcomer the
 * `refuse` command (only the named instance obeys). The known instance is forgotten on its own offline status
 * (its last will) and when the supervisor reports the car's process gone.
 */
@Injectable()
export class DuplicateAgents implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(DuplicateAgents.name);
  private readonly connected = new Map<string, string>();
  private subscription: Subscription | null = null;

  constructor(
    private readonly registry: CarRegistry,
    private readonly publisher: MqttPublisher,
  ) {}

  onModuleInit(): void {
    this.subscription = this.registry.changes$.subscribe((change) => {
      if (change.kind === 'removed') this.connected.delete(change.id);
      else if (PROCESS_GONE.has(change.car.connection))
        this.connected.delete(change.car.id);
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  /** True when the hello came from a duplicate, which is then told to leave. */
  applyHello(carId: string, hello: AgentHello): boolean {
    const known = this.connected.get(carId);
    if (known === undefined || known === hello.instanceId) {
      this.connected.set(carId, hello.instanceId);
      return false;
    }
    this.refuse(carId, hello.instanceId, known);
    return true;
  }

  applyStatus(carId: string, status: AgentStatusMessage): void {
    if (!status.online && this.connected.get(carId) === status.instanceId)
      this.connected.delete(carId);
  }

  /** The instance the API takes as the car's connected agent. */
  connectedInstance(carId: string): string | undefined {
    return this.connected.get(carId);
  }

  private refuse(carId: string, duplicate: string, known: string): void {
    const command: CarCommand = {
      requestId: randomUUID(),
      type: 'refuse',
      reason: `an agent named ${carId} is already connected (instance ${known})`,
      instanceId: duplicate,
    };
    this.logger.warn(
      `car=${carId} a second agent (instance ${duplicate}) said hello while instance ${known} is connected; refusing it`,
    );
    this.publisher
      .publish(CarTopics.command(carId), command)
      .catch((error: Error) =>
        this.logger.error(
          `car=${carId} could not send the refuse command: ${error.message}`,
        ),
      );
  }
}
