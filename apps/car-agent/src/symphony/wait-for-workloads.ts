import type { Interruption } from './interruption';
import type { SymphonyCluster, TimerPort } from './ports';
import { assessReadiness, type ReadinessGoal } from './workload-readiness';

export type WaitOutcome =
  | { kind: 'ready' }
  | { kind: 'failed'; workload: string; detail: string }
  | { kind: 'timeout'; pending: Record<string, string> }
  | { kind: 'interrupted' };

export interface WaitOptions {
  cluster: SymphonyCluster;
  clock: TimerPort;
  timeoutMs: number;
  pollIntervalMs: number;
  /** When given, the vehicle driving off ends the wait. */
  interruption?: Interruption;
}

/** Resolves once the goal is reached, a workload fails, the time is up, or the vehicle drives off. */
export function waitForWorkloads(goal: ReadinessGoal, options: WaitOptions): Promise<WaitOutcome> {
  const { cluster, clock, interruption } = options;
  return new Promise<WaitOutcome>((resolve) => {
    let done = false;
    let pending: Record<string, string> = {};
    let pollTimer: unknown;
    const unsubscribers: (() => void)[] = [];
    const finish = (outcome: WaitOutcome) => {
      if (done) return;
      done = true;
      clock.clearTimeout(timeoutTimer);
      clock.clearTimeout(pollTimer);
      for (const unsubscribe of unsubscribers) unsubscribe();
      resolve(outcome);
    };
    const check = () => {
      if (done) return;
      if (interruption?.happened) return finish({ kind: 'interrupted' });
      const readiness = assessReadiness(cluster, goal);
      if (readiness.kind === 'waiting') pending = readiness.pending;
      else finish(readiness);
    };
    const poll = () => {
      pollTimer = clock.setTimeout(() => {
        check();
        if (!done) poll();
      }, options.pollIntervalMs);
    };
    const timeoutTimer = clock.setTimeout(() => finish({ kind: 'timeout', pending }), options.timeoutMs);
    unsubscribers.push(cluster.onChange(check));
    if (interruption) unsubscribers.push(interruption.onInterrupt(() => finish({ kind: 'interrupted' })));
    poll();
    check();
  });
}
