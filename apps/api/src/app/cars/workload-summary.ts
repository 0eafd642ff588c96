import {
  emptyWorkloadSummary,
  formatExecutionState,
} from '@fleet/shared/contracts';
import type {
  CarWorkloadStatus,
  ExecutionState,
  WorkloadStatesReport,
  WorkloadSummary,
} from '@fleet/shared/contracts';

const BUCKETS: Partial<
  Record<ExecutionState['state'], keyof Omit<WorkloadSummary, 'total'>>
> = {
  Running: 'running',
  Pending: 'pending',
  Stopping: 'stopping',
  Succeeded: 'succeeded',
  Failed: 'failed',
};

/** Counts workload instances by execution state; `Removed` instances are gone and not counted. */
export function summarizeWorkloads(
  report: Pick<WorkloadStatesReport, 'workloadStates'>,
): WorkloadSummary {
  const summary = emptyWorkloadSummary();
  for (const instances of Object.values(report.workloadStates)) {
    for (const state of Object.values(instances)) {
      if (state.state === 'Removed') continue;
      summary.total++;
      summary[BUCKETS[state.state] ?? 'other']++;
    }
  }
  return summary;
}

/** One row per workload instance, sorted by workload name. */
export function workloadStatuses(
  report: Pick<WorkloadStatesReport, 'workloadStates' | 'health'>,
): CarWorkloadStatus[] {
  return Object.entries(report.workloadStates)
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([name, instances]) =>
      Object.entries(instances)
        .filter(([, state]) => state.state !== 'Removed')
        .map(([instanceId, executionState]) => ({
          name,
          instanceId,
          executionState,
          display: formatExecutionState(executionState),
          health: report.health[name] ?? 'unknown',
        })),
    );
}
