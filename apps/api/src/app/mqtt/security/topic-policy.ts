import {
  CarTopics,
  FleetConnectorTopics,
  SIMULATION_FAULTS_TOPIC,
  SymphonyTopics,
} from '@fleet/shared/contracts';
import type { MqttIdentity } from './mqtt-identity';

// A car's topics, exact names only: no wildcard ever matches another car's.

function carPublishTopics(id: string): string[] {
  return [
    CarTopics.status(id),
    CarTopics.hello(id),
    CarTopics.load(id),
    CarTopics.vehicle(id),
    CarTopics.workloadStates(id),
    CarTopics.logs(id),
    CarTopics.commandResponse(id),
    FleetConnectorTopics.applyResponse(id),
    FleetConnectorTopics.deleteResponse(id),
    FleetConnectorTopics.stateResponse(id),
    SymphonyTopics.response(`car-${id}`),
  ];
}

function carSubscribeTopics(id: string): string[] {
  return [
    CarTopics.command(id),
    CarTopics.status(id),
    FleetConnectorTopics.applyRequest(id),
    FleetConnectorTopics.deleteRequest(id),
    FleetConnectorTopics.stateRequest(id),
    SymphonyTopics.request(`car-${id}`),
    SIMULATION_FAULTS_TOPIC,
  ];
}

const isSystemTopic = (topic: string) => topic.startsWith('$');

export function mayPublish(identity: MqttIdentity, topic: string): boolean {
  if (isSystemTopic(topic)) return false;
  return (
    identity.kind === 'api' || carPublishTopics(identity.carId).includes(topic)
  );
}

export function maySubscribe(identity: MqttIdentity, filter: string): boolean {
  if (identity.kind === 'api') return true;
  return carSubscribeTopics(identity.carId).includes(filter);
}

/** A car's last will may only mark itself offline. */
export function mayLeaveWill(identity: MqttIdentity, topic: string): boolean {
  return identity.kind === 'api' || topic === CarTopics.status(identity.carId);
}

/**
 * A car's client id is `<car id>-<hex>` (the agent uses 8 hex digits). The hex suffix has no dash, so the id
 * splits one way only and no car can pick a client id that another car's session uses.
 */
export function mayUseClientId(
  identity: MqttIdentity,
  clientId: string,
): boolean {
  if (identity.kind === 'api') return true;
  const prefix = `${identity.carId}-`;
  return (
    clientId.startsWith(prefix) &&
    /^[0-9a-f]{8,32}$/.test(clientId.slice(prefix.length))
  );
}
