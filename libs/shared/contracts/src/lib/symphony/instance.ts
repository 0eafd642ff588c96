import type { ObjectMeta } from './object-meta';
import type { DeployableStatus, TopologySpec } from './target';

/** Which targets an instance deploys to: one by name, or all whose properties match. */
export interface TargetSelector {
  name?: string;
  selector?: Record<string, string>;
}

export interface PipelineSpec {
  name: string;
  skill: string;
  parameters?: Record<string, string>;
}

export interface InstanceSpec {
  displayName?: string;
  scope?: string;
  parameters?: Record<string, string>;
  metadata?: Record<string, string>;
  /**
   * The SolutionVersion to deploy, as a reference `<root>:<version>` (e.g. `fleet:1.2.4`).
   * Symphony's JSON name is `solution`; rollback means pointing it back at the previous version.
   */
  solution: string;
  /** Either `name` or a non-empty `selector` is required. */
  target: TargetSelector;
  topologies?: TopologySpec[];
  pipelines?: PipelineSpec[];
  isDryRun?: boolean;
}

/** Binds a SolutionVersion to targets; creating or changing it triggers a deployment. */
export interface SymphonyInstance {
  metadata: ObjectMeta;
  spec: InstanceSpec;
  status?: DeployableStatus;
}
