import type { DeploymentSpec } from '@fleet/shared/contracts';
import { objectNameToReference, parseJsonBody } from '@fleet/shared/symphony/util';

export interface DeploymentRequest {
  deployment: DeploymentSpec;
  /** The Symphony instance deploying (tags its workloads), `solutionName` when the instance has no name. */
  instanceName: string;
  /** `fleet:1.2.4`, for messages. */
  solutionRef: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The DeploymentSpec of a request body, or why it is not one. */
export function parseDeployment(bodyText: string): { ok: true; value: DeploymentRequest } | { ok: false; error: string } {
  const json = parseJsonBody(bodyText);
  if (!json.ok) return { ok: false, error: json.error.message };
  const d = json.value;
  if (!isObject(d)) return { ok: false, error: 'body must be a DeploymentSpec object' };
  const solution = d['solution'];
  if (!isObject(solution) || !isObject(solution['spec'])) return { ok: false, error: 'solution.spec is missing' };
  const components = solution['spec']['components'];
  if (components !== undefined && components !== null && !Array.isArray(components))
    return { ok: false, error: 'solution.spec.components must be a list' };
  const solutionName = typeof d['solutionName'] === 'string' ? d['solutionName'] : '';
  const instance = d['instance'];
  const metadata = isObject(instance) && isObject(instance['metadata']) ? instance['metadata'] : {};
  const instanceName = typeof metadata['name'] === 'string' && metadata['name'] ? metadata['name'] : solutionName;
  if (!instanceName) return { ok: false, error: 'instance.metadata.name and solutionName are both missing' };
  return {
    ok: true,
    value: { deployment: d as unknown as DeploymentSpec, instanceName, solutionRef: objectNameToReference(solutionName) || instanceName },
  };
}
