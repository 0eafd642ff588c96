import {
  MQTT_TARGET_PROVIDER,
  MqttTargetProviderConfigKeys as Keys,
} from '@fleet/shared/contracts';
import type { SymphonyTarget } from '@fleet/shared/contracts';

export interface MqttBinding {
  requestTopic: string;
  responseTopic: string;
}

/** The request/response topics of the Target's `providers.target.mqtt` binding; null without one. */
export function mqttBindingOf(target: SymphonyTarget): MqttBinding | null {
  for (const topology of target.spec?.topologies ?? [])
    for (const binding of topology.bindings ?? []) {
      if (binding.provider !== MQTT_TARGET_PROVIDER) continue;
      const requestTopic = binding.config?.[Keys.requestTopic];
      const responseTopic = binding.config?.[Keys.responseTopic];
      if (requestTopic && responseTopic) return { requestTopic, responseTopic };
    }
  return null;
}
