import { randomBytes } from 'node:crypto';
import { MicroserviceOptions, Transport } from '@nestjs/microservices';
import { RawJsonDeserializer } from './raw-json.deserializer';

/** The MQTT transport that feeds the `@EventPattern` handlers. */
export function mqttMicroserviceOptions(url: string): MicroserviceOptions {
  return {
    transport: Transport.MQTT,
    options: {
      url,
      clientId: `fleet-api-sub-${randomBytes(4).toString('hex')}`,
      deserializer: new RawJsonDeserializer(),
      subscribeOptions: { qos: 1 },
      reconnectPeriod: 1000,
      connectTimeout: 5000,
    },
  };
}
