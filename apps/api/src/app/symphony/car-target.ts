import {
  MQTT_TARGET_PROVIDER,
  SYMPHONY_DEFAULT_NAMESPACE,
  symphonyTargetName,
  SymphonyTopics,
} from '@fleet/shared/contracts';
import type { SymphonyTarget } from '@fleet/shared/contracts';

export const ANKAIOS_WORKLOAD_ROLE = 'ankaios-workload';
/**
 * Real Symphony waits 8 s by default, far too short for a car that installs while parked. The provider
 * waits SYMPHONY_TIMEOUT_SECONDS (by default the same 180 s); this value documents it in the binding.
 */
export const TARGET_TIMEOUT_SECONDS = '180';

export interface TargetCar {
  id: string;
  region: string;
  model: string;
}

/**
 * One Target per car, bound to the car's own request/response topics: with a shared topic every car
 * would answer every request and the first reply would win.
 */
export function carTarget(car: TargetCar, brokerUrl: string): SymphonyTarget {
  const name = symphonyTargetName(car.id);
  return {
    metadata: {
      name,
      namespace: SYMPHONY_DEFAULT_NAMESPACE,
      labels: { region: car.region, model: car.model },
    },
    spec: {
      displayName: car.id,
      properties: { region: car.region, model: car.model },
      topologies: [
        {
          bindings: [
            {
              role: ANKAIOS_WORKLOAD_ROLE,
              provider: MQTT_TARGET_PROVIDER,
              config: {
                name: 'proxy',
                brokerAddress: pahoBrokerAddress(brokerUrl),
                clientID: `symphony-${name}`,
                requestTopic: SymphonyTopics.request(name),
                responseTopic: SymphonyTopics.response(name),
                timeoutSeconds: TARGET_TIMEOUT_SECONDS,
              },
            },
          ],
        },
      ],
    },
  };
}

/** Symphony's MQTT provider (paho) names its schemes `tcp://` and `ssl://`. */
export function pahoBrokerAddress(url: string): string {
  return url.replace(/^mqtt:\/\//, 'tcp://').replace(/^mqtts:\/\//, 'ssl://');
}
