import type { COAResponse } from '@fleet/shared/contracts';
import { componentsForTarget, planDeployment, planRemoval, workloadsToComponents } from '@fleet/shared/symphony/util';
import { BoundedMap } from './bounded-map';
import { currentComponents } from './current-components';
import type { DeploymentRequest } from './deployment-request';
import type { SymphonyCluster } from './ports';

/**
 * Successful answers by method, instance, generation and job: a repeated deployment is answered from here
 * without re-applying, as long as the car still matches it.
 */
export class AppliedDeployments {
  private readonly answers: BoundedMap<string, COAResponse>;

  constructor(capacity: number) {
    this.answers = new BoundedMap(capacity);
  }

  static key(method: string, request: DeploymentRequest): string | null {
    const { generation, jobID } = request.deployment;
    if (!generation && !jobID) return null;
    return [method, request.instanceName, generation ?? '', jobID ?? ''].join('|');
  }

  remember(key: string | null, answer: COAResponse): void {
    if (key) this.answers.set(key, answer);
  }

  /** The stored answer when the car still is where that answer left it. */
  lookup(key: string | null, method: string, request: DeploymentRequest, cluster: SymphonyCluster, target: string, agent: string): COAResponse | null {
    const stored = key ? this.answers.get(key) : undefined;
    if (!stored) return null;
    const desired = componentsForTarget(request.deployment, target);
    const state = cluster.snapshot();
    const plan =
      method === 'DELETE'
        ? planRemoval(desired, workloadsToComponents(state.workloads, agent))
        : planDeployment(desired, currentComponents(state, agent, desired, request.instanceName), agent);
    return plan.steps.length === 0 ? stored : null;
  }
}
