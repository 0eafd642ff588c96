// Symphony's object shapes (domain.md §3), as its REST API and the MQTT target provider use them.

export const SYMPHONY_NAMESPACE = 'default';

export interface ObjectMeta {
  name: string;
  namespace: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Symphony reports the generation as a string. */
  generation?: string;
}

export interface BindingSpec {
  role: string;
  provider: string;
  /** Symphony binding configs are string maps. */
  config: Record<string, string>;
}

export interface TargetSpec {
  displayName: string;
  properties: Record<string, string>;
  topologies: { bindings: BindingSpec[] }[];
}

export interface SymphonyTarget {
  metadata: ObjectMeta;
  spec: TargetSpec;
}

export const SymphonyKinds = { target: 'Target' } as const;
