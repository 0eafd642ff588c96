import { Controller, Logger } from '@nestjs/common';
import { Ctx, MqttContext, Payload } from '@nestjs/microservices';
import { DirectEventPattern } from '../mqtt/direct-event-pattern';
import { TopicPatterns } from '@fleet/shared/contracts';
import type {
  AgentHello,
  AgentStatusMessage,
  ManifestResponse,
  SdkCompleteState,
  WorkloadStatesReport,
} from '@fleet/shared/contracts';
import { acceptCarMessage } from '../mqtt/accept-car-message';
import {
  isAgentHello,
  isAgentStatusMessage,
  isWorkloadStatesReport,
} from '../mqtt/payload-guards';
import { DuplicateAgents } from './duplicate-agents';
import {
  isManifestResponse,
  isSdkCompleteState,
} from './fleet-connector/connector-answers';
import { FleetConnectorClient } from './fleet-connector/fleet-connector.client';
import { FleetStateMirror } from './fleet-state/fleet-state.mirror';
import { StatePoller } from './fleet-state/state-poller';

const isOwnReport = (v: unknown, carId: string): v is WorkloadStatesReport =>
  isWorkloadStatesReport(v) && v.agent === carId;
const isOwnHello = (v: unknown, carId: string): v is AgentHello =>
  isAgentHello(v) && v.name === carId;
const isOwnStatus = (v: unknown, carId: string): v is AgentStatusMessage =>
  isAgentStatusMessage(v) && v.name === carId;
const isStateAnswer = (v: unknown): v is SdkCompleteState =>
  isSdkCompleteState(v);
const isManifestAnswer = (v: unknown): v is ManifestResponse =>
  isManifestResponse(v);

/**
 * The MQTT messages the fleet state mirror lives on. These handlers sit beside the cars module's own handlers
 * for the same topics; Nest runs every handler of an event pattern.
 */
@Controller()
export class AnkaiosReportsController {
  private readonly logger = new Logger(AnkaiosReportsController.name);

  constructor(
    private readonly mirror: FleetStateMirror,
    private readonly poller: StatePoller,
    private readonly client: FleetConnectorClient,
    private readonly duplicates: DuplicateAgents,
  ) {}

  @DirectEventPattern(TopicPatterns.workloadStates)
  mirrorWorkloadStates(
    @Payload() payload: unknown,
    @Ctx() ctx: MqttContext,
  ): Promise<void> {
    return acceptCarMessage(this.logger, ctx.getTopic(), payload, {
      kind: 'workload-states',
      guard: isOwnReport,
      apply: (carId, report) => {
        // New instance ids mean a deployment changed the desired state: ask now, not at the next 30 s poll.
        if (this.mirror.namesUnknownInstances(carId, report))
          this.poller.refreshSoon(carId);
        return this.mirror.applyReport(carId, report);
      },
    });
  }

  @DirectEventPattern(TopicPatterns.hello)
  mirrorHello(
    @Payload() payload: unknown,
    @Ctx() ctx: MqttContext,
  ): Promise<void> {
    return acceptCarMessage(this.logger, ctx.getTopic(), payload, {
      kind: 'hello',
      guard: isOwnHello,
      apply: (carId, hello) => {
        if (!this.mirror.has(carId)) return false;
        if (this.duplicates.applyHello(carId, hello)) return true;
        this.mirror.applyHello(carId, hello);
        this.poller.pollSoon(carId);
        return true;
      },
    });
  }

  @DirectEventPattern(TopicPatterns.status)
  mirrorStatus(
    @Payload() payload: unknown,
    @Ctx() ctx: MqttContext,
  ): Promise<void> {
    return acceptCarMessage(this.logger, ctx.getTopic(), payload, {
      kind: 'status',
      guard: isOwnStatus,
      apply: (carId, status) => {
        this.duplicates.applyStatus(carId, status);
        return this.mirror.has(carId);
      },
    });
  }

  @DirectEventPattern(TopicPatterns.stateResponse)
  takeStateAnswer(
    @Payload() payload: unknown,
    @Ctx() ctx: MqttContext,
  ): Promise<void> {
    return acceptCarMessage(this.logger, ctx.getTopic(), payload, {
      kind: 'state answer',
      guard: isStateAnswer,
      // Answers to other clients' requests are theirs; unasked ones are not an unknown car's.
      apply: (carId, answer) =>
        this.client.takeStateAnswer(carId, answer) || this.mirror.has(carId),
    });
  }

  @DirectEventPattern(TopicPatterns.applyResponse)
  takeApplyAnswer(
    @Payload() payload: unknown,
    @Ctx() ctx: MqttContext,
  ): Promise<void> {
    return acceptCarMessage(this.logger, ctx.getTopic(), payload, {
      kind: 'manifest apply answer',
      guard: isManifestAnswer,
      apply: (carId, answer) =>
        this.client.takeManifestAnswer(carId, 'apply', answer) ||
        this.mirror.has(carId),
    });
  }

  @DirectEventPattern(TopicPatterns.deleteResponse)
  takeDeleteAnswer(
    @Payload() payload: unknown,
    @Ctx() ctx: MqttContext,
  ): Promise<void> {
    return acceptCarMessage(this.logger, ctx.getTopic(), payload, {
      kind: 'manifest delete answer',
      guard: isManifestAnswer,
      apply: (carId, answer) =>
        this.client.takeManifestAnswer(carId, 'delete', answer) ||
        this.mirror.has(carId),
    });
  }
}
