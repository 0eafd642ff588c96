import { randomBytes } from 'node:crypto';
import { MicroserviceOptions, Transport } from '@nestjs/microservices';
import type { BrokerEndpoint } from './broker-endpoint';
import { RawJsonDeserializer } from './raw-json.deserializer';

/** The MQTT transport that feeds the `@EventPattern` handlers; it connects as the API (`fleet-api`). */
export function mqttMicroserviceOptions(
  broker: Pick<BrokerEndpoint, 'url' | 'client'>,
): MicroserviceOptions {
  return {
    transport: Transport.MQTT,
    options: {
      url: broker.url,
      ...broker.client,
      clientId: `fleet-api-sub-${randomBytes(4).toString('hex')}`,
      deserializer: new RawJsonDeserializer(),
      subscribeOptions: { qos: 1 },
      reconnectPeriod: 1000,
      connectTimeout: 5000,
    },
  };
}
