import { CarTopics, SIMULATION_FAULTS_TOPIC } from '@fleet/shared/contracts';
import { CommandTarget, handleCommand } from '../commands/command-handler';
import type { FleetConnector } from '../fleet-connector/fleet-connector';
import { describeError, Logger } from '../logging/logger';
import { isFaultRuleSet } from '../messages/guards';
import { parseJson } from '../messages/parse-json';
import type { IncomingMessage } from '../mqtt/transport';
import type { SymphonyTargetAgent } from '../symphony';
import type { ClusterPort } from './cluster-port';
import type { Presence } from './presence';

export interface InboundParts {
  carId: string;
  presence: Presence;
  commands: CommandTarget;
  fleet: FleetConnector;
  symphony: SymphonyTargetAgent;
  cluster: Pick<ClusterPort, 'setFaultRules'>;
  logger: Logger;
}

/** Dispatches every incoming message by topic; a failing handler is logged, never thrown. */
export class InboundRouter {
  constructor(private readonly parts: InboundParts) {}

  /** What the agent subscribes to once its name check passed (the status topic is already). */
  topics(): string[] {
    const { carId, fleet, symphony } = this.parts;
    return [CarTopics.command(carId), ...fleet.requestTopics(), symphony.requestTopic, SIMULATION_FAULTS_TOPIC];
  }

  route(message: IncomingMessage): void {
    const { carId, presence, commands, fleet, symphony, logger } = this.parts;
    const { topic, payload } = message;
    try {
      if (topic === presence.topic) presence.handle(message);
      else if (topic === CarTopics.command(carId)) handleCommand(payload, commands, logger);
      else if (topic === symphony.requestTopic) void symphony.handleRequest(payload);
      else if (topic === SIMULATION_FAULTS_TOPIC) this.applyFaults(payload);
      else if (!fleet.handle(topic, payload)) logger.debug('ignored a message', { topic });
    } catch (error) {
      logger.error('handling a message failed', { topic, error: describeError(error) });
    }
  }

  private applyFaults(payload: Buffer): void {
    // An empty retained message clears the topic: no rules.
    const parsed = payload.length === 0 ? { ok: true as const, value: { rules: [] } } : parseJson(payload);
    if (!parsed.ok || !isFaultRuleSet(parsed.value)) {
      this.parts.logger.warn('dropped a malformed fault rule set');
      return;
    }
    this.parts.cluster.setFaultRules(parsed.value.rules);
    this.parts.logger.info('fault rules applied', { rules: parsed.value.rules.length });
  }
}
