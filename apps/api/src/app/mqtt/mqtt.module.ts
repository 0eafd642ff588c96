import { randomBytes } from 'node:crypto';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { connect } from 'mqtt';
import { BROKER_ENDPOINT, BrokerEndpoint } from './broker-endpoint';
import { CarCredentials } from './car-credentials';
import { MQTT_CLIENT, MqttPublisher } from './mqtt-publisher';

@Global()
@Module({})
export class MqttModule {
  static forRoot(endpoint: BrokerEndpoint): DynamicModule {
    return {
      exports: [BROKER_ENDPOINT, CarCredentials, MqttPublisher],
      module: MqttModule,
      providers: [
        { provide: BROKER_ENDPOINT, useValue: endpoint },
        {
          provide: CarCredentials,
          useFactory: () => new CarCredentials(endpoint.security ?? null),
        },
        {
          provide: MQTT_CLIENT,
          useFactory: () =>
            connect(endpoint.url, {
              ...endpoint.client,
              clientId: `fleet-api-pub-${randomBytes(4).toString('hex')}`,
              connectTimeout: 5000,
              reconnectPeriod: 1000,
            }),
        },
        MqttPublisher,
      ],
    };
  }
}
