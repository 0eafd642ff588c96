import type { ComponentSpec } from './component';
import type { ObjectMeta } from './object-meta';

/**
 * The Solution container (Symphony's `SolutionContainerState`, REST route `solutioncontainers`).
 * Its name is the root every SolutionVersion refers to with `spec.rootResource`.
 */
export interface SymphonySolution {
  metadata: ObjectMeta;
  /** Empty in Symphony 0.49. */
  spec: Record<string, never>;
  status?: { properties: Record<string, string> };
}

export interface SolutionVersionSpec {
  displayName?: string;
  metadata?: Record<string, string>;
  /** What a Target running this version runs. */
  components?: ComponentSpec[];
  /** The version, e.g. `1.2.4`: the part after `-v-` in the object name. */
  version?: string;
  /** The Solution container's name, e.g. `fleet`. */
  rootResource?: string;
}

/**
 * One version of a Solution, named `<root>-v-<version>` and referenced as `<root>:<version>`.
 * Symphony's Go type is `SolutionState`, its REST route `solutions`.
 */
export interface SymphonySolutionVersion {
  metadata: ObjectMeta;
  spec: SolutionVersionSpec;
}
