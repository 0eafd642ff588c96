import { createHash } from 'node:crypto';
import type {
  DeploymentSpec,
  SymphonyInstance,
  SymphonySolutionVersion,
  SymphonyTarget,
} from '@fleet/shared/contracts';
import { assignmentOf } from '@fleet/shared/symphony/util';
import { namespaceOf } from '../symphony-store';

export interface DeploymentInput {
  instance: SymphonyInstance;
  solution: SymphonySolutionVersion;
  target: SymphonyTarget;
  jobId: string;
  /** `deploymentHash(solution, target)` when the caller has it already (it is a SHA-256 of the components). */
  hash?: string;
}

/**
 * The DeploymentSpec Symphony's solution manager hands a target provider for one Instance on one
 * Target: every component assigned to that target, the instance generation and the job id (together
 * the car's idempotency key).
 */
export function buildDeployment({
  instance,
  solution,
  target,
  jobId,
  hash,
}: DeploymentInput): DeploymentSpec {
  const components = solution.spec.components ?? [];
  const targetName = target.metadata.name;
  return {
    solutionName: solution.metadata.name,
    solution: { metadata: solution.metadata, spec: solution.spec },
    instance: { metadata: instance.metadata, spec: instance.spec },
    targets: { [targetName]: { metadata: target.metadata, spec: target.spec } },
    devices: [],
    assignments: { [targetName]: assignmentOf(components) },
    componentStartIndex: 0,
    componentEndIndex: components.length,
    activeTarget: targetName,
    generation: String(instance.metadata.objGeneraion ?? 1),
    jobID: jobId,
    objectNamespace: namespaceOf(instance),
    hash: hash ?? deploymentHash(solution, target),
    isDryRun: false,
    isInActive: false,
    isTargetDeletion: false,
  };
}

/** Changes whenever what the target must run changes. */
export function deploymentHash(
  solution: SymphonySolutionVersion,
  target: SymphonyTarget,
): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        solution.metadata.name,
        solution.spec.components ?? [],
        target.metadata.name,
        target.spec.topologies ?? [],
      ]),
    )
    .digest('hex');
}

/** The Ankaios agent of a car Target: the car id, which the Target carries as its display name. */
export function agentNameOf(target: SymphonyTarget): string {
  return target.spec.displayName || target.metadata.name;
}
