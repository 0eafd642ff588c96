import { randomBytes } from 'node:crypto';
import type { CustomStrategy } from '@nestjs/microservices';
import type { BrokerEndpoint } from './broker-endpoint';
import type { InstanceResolver } from './direct-event-pattern';
import { FleetMqttServer, InProcessMqttServer } from './fleet-mqtt-server';
import { RawJsonDeserializer } from './raw-json.deserializer';

/**
 * The MQTT transport that feeds the `@EventPattern` handlers: Nest's MQTT server (with a cheaper topic lookup),
 * connected as the API (`fleet-api`) to an external broker, or subscribed inside the embedded one.
 */
export function mqttMicroserviceOptions(
  broker: Pick<BrokerEndpoint, 'url' | 'client' | 'subscribeLocal'>,
  /** Called once for every message received, with its topic. */
  received: (topic: string) => void = () => undefined,
  /** The app's controllers, for `@DirectEventPattern` methods. */
  instances: InstanceResolver | null = null,
): CustomStrategy {
  const options = {
    url: broker.url,
    ...broker.client,
    clientId: `fleet-api-sub-${randomBytes(4).toString('hex')}`,
    deserializer: new RawJsonDeserializer(),
    subscribeOptions: { qos: 1 as const },
    reconnectPeriod: 1000,
    connectTimeout: 5000,
  };
  return {
    strategy: broker.subscribeLocal
      ? new InProcessMqttServer(
          broker.subscribeLocal,
          options,
          received,
          instances,
        )
      : new FleetMqttServer(options, received, instances),
  };
}
