import { deepEqual } from '@fleet/shared/ankaios/util';
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

/**
 * `previous` when the report shows the same rows (a heartbeat repeats the last report), else
 * `workloadStatuses(report)`. The check builds no rows, only key lists.
 */
export function workloadStatusesKeeping(
  previous: CarWorkloadStatus[],
  report: Pick<WorkloadStatesReport, 'workloadStates' | 'health'>,
): CarWorkloadStatus[] {
  return sameStatuses(previous, report) ? previous : workloadStatuses(report);
}

function sameStatuses(
  previous: readonly CarWorkloadStatus[],
  report: Pick<WorkloadStatesReport, 'workloadStates' | 'health'>,
): boolean {
  const names = Object.keys(report.workloadStates);
  // Sorting copies the array; a car reports its workloads in the same order each time, mostly sorted already.
  if (!isSorted(names)) names.sort((a, b) => a.localeCompare(b));
  let row = 0;
  for (const name of names) {
    const instances = report.workloadStates[name];
    const health = report.health[name] ?? 'unknown';
    for (const instanceId of Object.keys(instances)) {
      const state = instances[instanceId];
      if (state.state === 'Removed') continue;
      const kept = previous[row++];
      if (
        kept?.name !== name ||
        kept.instanceId !== instanceId ||
        kept.health !== health ||
        !deepEqual(kept.executionState, state)
      )
        return false;
    }
  }
  return row === previous.length;
}

function isSorted(names: readonly string[]): boolean {
  for (let i = 1; i < names.length; i++)
    if (names[i - 1].localeCompare(names[i]) > 0) return false;
  return true;
}
