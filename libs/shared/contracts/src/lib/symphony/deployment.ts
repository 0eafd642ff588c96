import type { SymphonyInstance } from './instance';
import type { SymphonySolutionVersion } from './solution';
import type { SymphonyTarget } from './target';

/**
 * What the target provider sends as the COA request body (api/pkg/apis/v1alpha1/model/deployment.go).
 * Symphony names the SolutionVersion fields `solutionName` / `solution`.
 */
export interface DeploymentSpec {
  /** The SolutionVersion's object name, e.g. `fleet-v-1.2.4`. */
  solutionName: string;
  /** The whole SolutionVersion; its components are what the target must run. */
  solution: SymphonySolutionVersion;
  instance: SymphonyInstance;
  /** Every target of the deployment by name. */
  targets: Record<string, SymphonyTarget>;
  devices?: unknown[];
  /** Target name -> its components as `{name1}{name2}`. */
  assignments?: Record<string, string>;
  /** With `componentEndIndex`: the slice of `solution.spec.components` this step covers. */
  componentStartIndex?: number;
  componentEndIndex?: number;
  /** The target this request is for (also `metadata["active-target"]` of the COA request). */
  activeTarget?: string;
  /** The instance generation being deployed. */
  generation?: string;
  /** The deployment job; with `generation` the car's idempotency key. */
  jobID?: string;
  objectNamespace?: string;
  hash?: string;
  /** Validate only; apply nothing. */
  isDryRun?: boolean;
  isInActive?: boolean;
  isTargetDeletion?: boolean;
}
