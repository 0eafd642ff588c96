import type { WorkloadStatesReport } from '@fleet/shared/contracts';
import type { Clock, TimerHandle } from '../agent/clock';
import { Periodic } from './periodic';

/**
 * A change is reported at once when the car has been quiet this long; changes closer together are coalesced.
 * An update moves three workloads through ~10 states in about a second: at 50 ms that was ~7.8 reports a car
 * (each the car's whole slice), at 250 ms ~3.3 (1,000-car update, counted per topic, heartbeats subtracted);
 * the whole update sent 13.7 → 7.4 messages a car into the API
 * and ran 207-237 → 274-297 cars/s (3,000 cars, `tools/bench` prof-setup, alternating runs, log batches at 1 s).
 */
export const REPORT_MIN_INTERVAL_MS = 250;
export const REPORT_HEARTBEAT_MS = 10_000;

/**
 * Publishes the workload-states report on change, at most one per 250 ms, and every 10 s. `changed` tells the
 * two apart: the 10 s heartbeat repeats what the last report said (sent at QoS 0, the next one supersedes it).
 */
export class WorkloadReporter {
  private pending: TimerHandle | null = null;
  private lastAt = Number.NEGATIVE_INFINITY;
  private readonly heartbeat: Periodic;

  constructor(
    private readonly clock: Clock,
    private readonly build: () => WorkloadStatesReport,
    private readonly publish: (report: WorkloadStatesReport, changed: boolean) => void,
  ) {
    this.heartbeat = new Periodic(clock, REPORT_HEARTBEAT_MS, () => this.publishNow(false));
  }

  start(): void {
    this.heartbeat.start();
  }

  stop(): void {
    this.heartbeat.stop();
    if (this.pending !== null) this.clock.clearTimeout(this.pending);
    this.pending = null;
  }

  changed(): void {
    if (this.pending !== null) return;
    const wait = Math.max(0, this.lastAt + REPORT_MIN_INTERVAL_MS - this.clock.now().getTime());
    this.pending = this.clock.setTimeout(() => {
      this.pending = null;
      this.publishNow();
    }, wait);
  }

  /** `changed` false only for the heartbeat; a report asked for (on connect, after a change) counts as news. */
  publishNow(changed = true): void {
    this.lastAt = this.clock.now().getTime();
    this.publish(this.build(), changed);
  }
}
