/** A route of a component (api/pkg/apis/v1alpha1/model/route.go); unused by the Ankaios role. */
export interface RouteSpec {
  route: string;
  type: string;
  properties?: Record<string, string>;
  filters?: { direction: string; type: string; parameters?: Record<string, string> }[];
}

/**
 * One deployable unit of a Solution (api/pkg/apis/v1alpha1/model/component.go). For the Ankaios role
 * one component is one Ankaios workload.
 */
export interface ComponentSpec {
  /** Component name; for the Ankaios role also the workload name (`[a-zA-Z0-9_-]{1,63}`). */
  name: string;
  /** The role that picks the target binding, e.g. `ankaios-workload`. */
  type?: string;
  metadata?: Record<string, string>;
  /** Role-specific settings; for `ankaios-workload` the `ankaios.*` keys of `AnkaiosComponentProperties`. */
  properties?: Record<string, unknown>;
  parameters?: Record<string, string>;
  routes?: RouteSpec[];
  constraints?: string;
  /** Names of components that must run first (mapped to Ankaios `ADD_COND_RUNNING`). */
  dependencies?: string[];
  skills?: string[];
}

/** The component type (binding role) of Ankaios workloads. */
export const ANKAIOS_WORKLOAD_ROLE = 'ankaios-workload';

/** Property keys of an `ankaios-workload` component. */
export const AnkaiosComponentProperties = {
  /** The Ankaios agent to run on; absent means the agent of the car the Target names. */
  agent: 'ankaios.agent',
  /** Runtime name: podman, podman-kube, containerd (or the simulator's own). Required. */
  runtime: 'ankaios.runtime',
  /** NEVER (default), ON_FAILURE, ALWAYS. */
  restartPolicy: 'ankaios.restartPolicy',
  /** The runtime config as a YAML string, e.g. `image: registry/app:1.2.3`. Required. */
  runtimeConfig: 'ankaios.runtimeConfig',
} as const;
