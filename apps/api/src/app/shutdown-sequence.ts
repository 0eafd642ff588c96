import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationShutdown,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';
import { AgentSupervisor } from './ankaios/agent-supervisor';
import { BROKER_ENDPOINT, BrokerEndpoint } from './mqtt/broker-endpoint';
import { MqttPublisher } from './mqtt/mqtt-publisher';

/**
 * The order of a graceful stop: stop accepting requests, stop every agent (they still need the broker
 * to say goodbye), then Nest closes the gateway, the MQTT transport and the HTTP server, then the
 * publisher and the embedded broker go; TypeORM closes the database last (its module is global and
 * global modules are shut down after this one).
 */
@Injectable()
export class ShutdownSequence
  implements BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger(ShutdownSequence.name);

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly supervisor: AgentSupervisor,
    private readonly publisher: MqttPublisher,
    @Inject(BROKER_ENDPOINT) private readonly broker: BrokerEndpoint,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as
      | Server
      | undefined;
    server?.close(() => undefined);
    await this.supervisor.stopAll();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.close();
    await this.broker.close();
    this.logger.log('agents, MQTT client and broker closed');
  }
}
