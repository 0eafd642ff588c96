import type { RolloutProgress, RolloutView } from '@fleet/shared/contracts';

/** The counters and statuses of a `rollout.progress` event, laid over the full view (matched by stage name). */
export function applyProgress(view: RolloutView, progress: RolloutProgress): RolloutView {
  if (progress.id !== view.id) return view;
  return {
    ...view,
    status: progress.status,
    reason: progress.reason,
    currentStage: progress.currentStage,
    stages: view.stages.map((stage, i) => {
      const live = progress.stages[i];
      return live && live.name === stage.name ? { ...stage, status: live.status, total: live.total, counts: live.counts, waitingReasons: live.waitingReasons ?? stage.waitingReasons } : stage;
    }),
  };
}

/**
 * True when the event says more than the counters carry: a new rollout or stage status (times, reasons and the
 * pending approval change with those), so that the full view is worth fetching again.
 */
export function changesShape(view: RolloutView, progress: RolloutProgress): boolean {
  return (
    view.status !== progress.status ||
    view.reason !== progress.reason ||
    view.currentStage !== progress.currentStage ||
    view.stages.length !== progress.stages.length ||
    view.stages.some((stage, i) => stage.name !== progress.stages[i].name || stage.status !== progress.stages[i].status)
  );
}

/** True when any stage's bucket counts differ (the per-car table is then out of date). */
export function changesCounts(view: RolloutView, progress: RolloutProgress): boolean {
  return view.stages.some((stage, i) => {
    const live = progress.stages[i];
    return !live || live.total !== stage.total || Object.entries(live.counts).some(([bucket, n]) => stage.counts[bucket as keyof typeof stage.counts] !== n);
  });
}

/**
 * Remembers the newest event per rollout: a late, older event never undoes a newer one, and a view fetched
 * while events kept coming gets the newest of them laid over it (receipt order, not clocks, decides "meanwhile").
 */
export class ProgressClock {
  private readonly latest = new Map<string, { progress: RolloutProgress; seq: number }>();
  private seq = 0;

  /** False for an event older than one already seen for the same rollout. */
  accept(progress: RolloutProgress): boolean {
    const seen = this.latest.get(progress.id);
    if (seen && Date.parse(seen.progress.at) > Date.parse(progress.at)) return false;
    this.latest.set(progress.id, { progress, seq: ++this.seq });
    return true;
  }

  /** A mark to take before a request. */
  mark(): number {
    return this.seq;
  }

  /** The newest event of `id` received after `mark`, if any. */
  since(id: string, mark: number): RolloutProgress | null {
    const seen = this.latest.get(id);
    return seen && seen.seq > mark ? seen.progress : null;
  }

  /** Lays the newest event received after `mark` over a view fetched meanwhile. */
  freshen(view: RolloutView, mark: number): RolloutView {
    const newer = this.since(view.id, mark);
    return newer ? applyProgress(view, newer) : view;
  }
}
