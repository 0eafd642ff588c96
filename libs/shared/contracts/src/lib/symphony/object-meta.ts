/**
 * Symphony's `ObjectMeta` (api/pkg/apis/v1alpha1/model/objectmeta.go). Every Symphony object is
 * `{metadata, spec, status?}`; versioned objects are named `<root>-v-<version>`.
 */
export interface ObjectMeta {
  /** Object name, e.g. `fleet-v-1.2.4` for a SolutionVersion, `car-c1` for a Target. */
  name: string;
  /** Namespace; Symphony treats an empty namespace as `default`. */
  namespace?: string;
  /** Bumped by the state store on every change (Kubernetes `resourceVersion`). */
  etag?: string;
  /** Spec generation. The misspelling `objGeneraion` is Symphony's own JSON name. */
  objGeneraion?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  uid?: string;
}

/** The namespace Symphony falls back to. */
export const SYMPHONY_DEFAULT_NAMESPACE = 'default';
