import { Controller, Logger } from '@nestjs/common';
import { Ctx, MqttContext, Payload } from '@nestjs/microservices';
import { DirectEventPattern } from '../mqtt/direct-event-pattern';
import { TopicPatterns } from '@fleet/shared/contracts';
import type { AgentHello, WorkloadStatesReport } from '@fleet/shared/contracts';
import { acceptCarMessage } from '../mqtt/accept-car-message';
import type { CarMessageRoute } from '../mqtt/accept-car-message';
import {
  isAgentHello,
  isAgentLoad,
  isOwnStatus,
  isCarCommandResult,
  isVehicleTelemetry,
  isWorkloadStatesReport,
} from '../mqtt/payload-guards';
import { CarReportsService } from './car-reports.service';

const isOwnHello = (v: unknown, carId: string): v is AgentHello =>
  isAgentHello(v) && v.name === carId;
const isOwnReport = (v: unknown, carId: string): v is WorkloadStatesReport =>
  isWorkloadStatesReport(v) && v.agent === carId;

/**
 * MQTT handlers for everything a car's agent reports. These carry nearly all of the API's MQTT traffic (several
 * thousand messages a second at 10,000 cars): the transport calls them directly (`@DirectEventPattern`, no
 * per-message pipes, guards, interceptors or rxjs chain); the transport counts
 * `fleet_mqtt_messages_total{direction="in"}` once per message.
 */
@Controller()
export class CarReportsController {
  private readonly logger = new Logger(CarReportsController.name);

  constructor(private readonly reports: CarReportsService) {}

  private accept<T>(
    ctx: MqttContext,
    payload: unknown,
    route: CarMessageRoute<T>,
  ): Promise<void> {
    return acceptCarMessage(this.logger, ctx.getTopic(), payload, route);
  }

  @DirectEventPattern(TopicPatterns.status)
  onStatus(
    @Payload() payload: unknown,
    @Ctx() ctx: MqttContext,
  ): Promise<void> {
    return this.accept(ctx, payload, {
      kind: 'status',
      guard: isOwnStatus,
      apply: (carId, status) => this.reports.applyStatus(carId, status),
    });
  }

  @DirectEventPattern(TopicPatterns.hello)
  onHello(@Payload() payload: unknown, @Ctx() ctx: MqttContext): Promise<void> {
    return this.accept(ctx, payload, {
      kind: 'hello',
      guard: isOwnHello,
      apply: (carId, hello) => this.reports.applyHello(carId, hello),
    });
  }

  @DirectEventPattern(TopicPatterns.load)
  onLoad(@Payload() payload: unknown, @Ctx() ctx: MqttContext): Promise<void> {
    return this.accept(ctx, payload, {
      kind: 'load',
      guard: isAgentLoad,
      apply: (carId, load) => this.reports.applyLoad(carId, load),
    });
  }

  @DirectEventPattern(TopicPatterns.vehicle)
  onVehicle(
    @Payload() payload: unknown,
    @Ctx() ctx: MqttContext,
  ): Promise<void> {
    return this.accept(ctx, payload, {
      kind: 'vehicle',
      guard: isVehicleTelemetry,
      apply: (carId, telemetry) => this.reports.applyVehicle(carId, telemetry),
    });
  }

  @DirectEventPattern(TopicPatterns.workloadStates)
  onWorkloadStates(
    @Payload() payload: unknown,
    @Ctx() ctx: MqttContext,
  ): Promise<void> {
    return this.accept(ctx, payload, {
      kind: 'workload-states',
      guard: isOwnReport,
      apply: (carId, report) => this.reports.applyWorkloadStates(carId, report),
    });
  }

  @DirectEventPattern(TopicPatterns.commandResponse)
  onCommandResponse(
    @Payload() payload: unknown,
    @Ctx() ctx: MqttContext,
  ): Promise<void> {
    return this.accept(ctx, payload, {
      kind: 'command result',
      guard: isCarCommandResult,
      apply: (carId, result) => this.reports.applyCommandResult(carId, result),
    });
  }
}
