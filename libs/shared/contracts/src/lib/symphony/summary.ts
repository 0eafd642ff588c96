/** Outcome of one component on one target (api/pkg/apis/v1alpha1/model/summary.go). */
export interface ComponentResultSpec {
  /** A COA state code: 8004 Updated, 8005 Deleted, 8001 UpdateFailed, 9998 Untouched, 19001 Interrupted, ... */
  status: number;
  message: string;
}

/** Outcome on one target. */
export interface TargetResultSpec {
  /** `OK` or `Error`, as Symphony's solution manager writes it. */
  status: string;
  message?: string;
  /** Component name -> result. */
  components?: Record<string, ComponentResultSpec>;
}

/** A deployment summary: what POST and DELETE on route `instances` answer. */
export interface SummarySpec {
  targetCount: number;
  /** Targets whose every component succeeded. */
  successCount: number;
  /** Components the deployment planned. */
  plannedDeployment: number;
  /** Components deployed and running as planned. */
  currentDeployed: number;
  /** Target name -> result. */
  targets?: Record<string, TargetResultSpec>;
  message?: string;
  jobID?: string;
  /** Nothing needed to change. */
  skipped: boolean;
  isRemoval: boolean;
  allAssignedDeployed: boolean;
  removed: boolean;
  /** Symphony's internal plan state; never sent by the car. */
  planState?: unknown;
}

/** Symphony's `SummaryState`: 0 pending, 1 running, 2 done. */
export const SummaryState = { Pending: 0, Running: 1, Done: 2 } as const;
export type SummaryStateCode = (typeof SummaryState)[keyof typeof SummaryState];

/** A stored summary of an instance (`solution/queue?instance=`). */
export interface SummaryResult {
  summary: SummarySpec;
  summaryid?: string;
  generation: string;
  /** RFC 3339 time. */
  time: string;
  state: SummaryStateCode;
  deploymentHash: string;
}
