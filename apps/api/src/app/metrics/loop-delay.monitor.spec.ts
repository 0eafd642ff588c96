import { setTimeout as sleep } from 'node:timers/promises';
import { FleetMetrics } from './fleet-metrics';
import { LOOP_SAMPLE_MS, LoopDelayMonitor } from './loop-delay.monitor';

/** Cumulative count of `fleet_event_loop_delay_seconds` observations at or below `le` seconds. */
function countAtMost(metrics: FleetMetrics, le: number | '+Inf'): number {
  const sample = metrics.loopDelay
    .family()
    .samples.find((s) => s.suffix === '_bucket' && s.labels['le'] === String(le));
  return sample?.value ?? 0;
}

describe(LoopDelayMonitor.name, () => {
  let metrics: FleetMetrics;
  let monitor: LoopDelayMonitor;

  beforeEach(() => {
    metrics = new FleetMetrics();
    monitor = new LoopDelayMonitor(metrics);
  });

  afterEach(() => monitor.onModuleDestroy());

  it('samples the loop about every 20 ms once started', async () => {
    const started = Date.now();
    monitor.onModuleInit();
    await sleep(LOOP_SAMPLE_MS * 10);
    const elapsed = Date.now() - started;

    const samples = countAtMost(metrics, '+Inf');
    expect(samples).toBeGreaterThanOrEqual(3);
    expect(samples).toBeLessThanOrEqual(Math.ceil(elapsed / LOOP_SAMPLE_MS));
  });

  it('records a stretch that holds the loop as a sample as late as the stretch was long', async () => {
    monitor.onModuleInit();
    await sleep(LOOP_SAMPLE_MS * 2);
    const before = countAtMost(metrics, '+Inf') - countAtMost(metrics, 0.1);

    const until = Date.now() + 150;
    while (Date.now() < until) {
      // Holds the loop, as a long synchronous piece of work does.
    }
    await sleep(LOOP_SAMPLE_MS * 2);

    // Due at most 20 ms into the 150 ms stretch, the timer ran at least 130 ms late: above the 0.1 s bucket.
    expect(countAtMost(metrics, '+Inf') - countAtMost(metrics, 0.1)).toBeGreaterThanOrEqual(before + 1);
  });

  it('stops sampling when the module is destroyed', async () => {
    monitor.onModuleInit();
    await sleep(LOOP_SAMPLE_MS * 3);
    monitor.onModuleDestroy();
    const stopped = countAtMost(metrics, '+Inf');
    await sleep(LOOP_SAMPLE_MS * 5);

    expect(countAtMost(metrics, '+Inf')).toBe(stopped);
  });
});
