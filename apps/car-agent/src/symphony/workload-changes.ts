// Writes workloads into the car's desired state through update masks, so nothing else in it changes.
import type { DesiredState, WorkloadSpec } from '@fleet/shared/contracts';
import type { LogPort, SymphonyCluster } from './ports';

export const workloadMask = (name: string) => `desiredState.workloads.${name}`;

/** Sets `workloads` and removes `deletes`; the error Ankaios answered, or null. */
export function writeWorkloads(
  cluster: SymphonyCluster,
  apiVersion: string,
  workloads: Record<string, WorkloadSpec>,
  deletes: readonly string[],
): string | null {
  const names = [...Object.keys(workloads), ...deletes];
  if (names.length === 0) return null;
  const result = cluster.updateState({ desiredState: { apiVersion: apiVersion || 'v1', workloads, configs: {} } }, names.map(workloadMask));
  return result.error ?? null;
}

/**
 * Puts the named workloads back as they were in `previous` (re-applying the previous manifest: Ankaios has
 * no rollback). Falls back to restoring the whole previous desired state if that is refused.
 */
export function rollBack(cluster: SymphonyCluster, previous: DesiredState, touched: readonly string[], log: LogPort): void {
  const back = Object.fromEntries(touched.filter((n) => previous.workloads[n]).map((n) => [n, previous.workloads[n]]));
  const gone = touched.filter((n) => !previous.workloads[n]);
  const error = writeWorkloads(cluster, previous.apiVersion, back, gone);
  if (!error) return;
  log.warn('symphony: rollback by update mask refused, restoring the whole previous desired state', { error });
  cluster.restore(previous);
}
