import type { WorkloadSpec } from '@fleet/shared/contracts';

/**
 * A workload that is part of a dependency cycle, or null. Dependencies on workloads missing from the state
 * cannot close a cycle and are skipped (server cycle_check.rs). Names are visited in sorted order so that
 * the answer is deterministic.
 */
export function findDependencyCycle(workloads: Record<string, Pick<WorkloadSpec, 'dependencies'>>): string | null {
  const done = new Set<string>();
  const onPath = new Set<string>();
  const visit = (name: string): string | null => {
    if (onPath.has(name)) return name;
    if (done.has(name) || !workloads[name]) return null;
    onPath.add(name);
    for (const dependency of Object.keys(workloads[name].dependencies ?? {}).sort()) {
      const found = visit(dependency);
      if (found) return found;
    }
    onPath.delete(name);
    done.add(name);
    return null;
  };
  for (const name of Object.keys(workloads).sort()) {
    const found = visit(name);
    if (found) return found;
  }
  return null;
}
