import type { ComponentSpec, DesiredState } from '@fleet/shared/contracts';
import { workloadsToComponents } from '@fleet/shared/symphony/util';
import { INSTANCE_TAG } from './transaction';

/**
 * What the car reports as current for a deployment: the workloads named by its components and those the
 * same Symphony instance deployed before (so that components dropped from the solution get deleted).
 * Other workloads of the car (e.g. from a manifest) are left alone.
 */
export function currentComponents(
  desiredState: DesiredState,
  agentName: string,
  wanted: readonly ComponentSpec[],
  instanceName: string,
): ComponentSpec[] {
  const names = new Set(wanted.map((c) => c.name));
  const relevant = Object.fromEntries(
    Object.entries(desiredState.workloads).filter(([name, w]) => names.has(name) || w.tags?.[INSTANCE_TAG] === instanceName),
  );
  return workloadsToComponents(relevant, agentName);
}
