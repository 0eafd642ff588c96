import type { ComponentSpec } from './component';
import type { ObjectMeta } from './object-meta';

/** How a role is bound to a provider (api/pkg/apis/v1alpha1/model/binding.go). */
export interface BindingSpec {
  /** The component type this binding serves, e.g. `ankaios-workload`. */
  role: string;
  /** Provider name, e.g. `providers.target.mqtt`. */
  provider: string;
  /** Provider settings; always a string map in Symphony (numbers and booleans as strings). */
  config?: Record<string, string>;
}

export interface TopologySpec {
  device?: string;
  selector?: Record<string, string>;
  bindings?: BindingSpec[];
}

export interface TargetSpec {
  displayName?: string;
  scope?: string;
  metadata?: Record<string, string>;
  /** Free-form properties; instances select targets by them (`region`, `model`). */
  properties?: Record<string, string>;
  components?: ComponentSpec[];
  constraints?: string;
  topologies?: TopologySpec[];
  forceRedeploy?: boolean;
  isDryRun?: boolean;
}

/** Symphony's `DeployableStatus` of Targets and Instances. */
export interface DeployableStatus {
  properties?: Record<string, string>;
  /** Symphony's provisioning status object (operation id, status, error), kept as sent. */
  provisioningStatus?: Record<string, unknown>;
  lastModified?: string;
}

/** A deployment endpoint: one per car (`car-<id>`), bound to the car's own MQTT topics. */
export interface SymphonyTarget {
  metadata: ObjectMeta;
  spec: TargetSpec;
  status?: DeployableStatus;
}

/** The provider that forwards COA requests over MQTT (api/pkg/apis/v1alpha1/providers/target/mqtt). */
export const MQTT_TARGET_PROVIDER = 'providers.target.mqtt';

/** Keys of the MQTT target provider's binding config (`MQTTTargetProviderConfig`). */
export const MqttTargetProviderConfigKeys = {
  name: 'name',
  /** Paho URL: `tcp://host:port` or `ssl://host:port`. */
  brokerAddress: 'brokerAddress',
  clientID: 'clientID',
  requestTopic: 'requestTopic',
  responseTopic: 'responseTopic',
  /** Symphony's default is 8 seconds; far too short for a car. */
  timeoutSeconds: 'timeoutSeconds',
  keepAliveSeconds: 'keepAliveSeconds',
  pingTimeoutSeconds: 'pingTimeoutSeconds',
} as const;
