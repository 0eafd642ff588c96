import type { WorkloadStatesReport } from '@fleet/shared/contracts';
import { systemClock } from '../agent/clock';
import { REPORT_HEARTBEAT_MS, REPORT_MIN_INTERVAL_MS, WorkloadReporter } from './workload-reporter';

function reporter() {
  const published: WorkloadStatesReport[] = [];
  const changed: boolean[] = [];
  let builds = 0;
  const build = (): WorkloadStatesReport => ({ agent: 'car-1', workloadStates: {}, version: `v${++builds}`, health: {}, at: '' });
  return { r: new WorkloadReporter(systemClock, build, (report, news) => {
    published.push(report);
    changed.push(news);
  }), published, changed };
}

describe(WorkloadReporter.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('reports the first change at once and coalesces a burst into one report per REPORT_MIN_INTERVAL_MS', () => {
    const { r, published } = reporter();
    for (let i = 0; i < 10; i++) r.changed();
    jest.advanceTimersByTime(0);
    expect(published).toHaveLength(1);
    r.changed();
    r.changed();
    jest.advanceTimersByTime(REPORT_MIN_INTERVAL_MS - 1);
    expect(published).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(published).toHaveLength(2);
  });

  it('flags the heartbeat as no news, a change and a report asked for as news', () => {
    const { r, changed } = reporter();
    r.start();
    r.publishNow();
    jest.advanceTimersByTime(REPORT_HEARTBEAT_MS);
    r.changed();
    jest.advanceTimersByTime(REPORT_MIN_INTERVAL_MS);
    r.stop();
    expect(changed).toEqual([true, false, true]);
  });

  it('reports every 10 s as a heartbeat until stopped', () => {
    const { r, published } = reporter();
    r.start();
    jest.advanceTimersByTime(REPORT_HEARTBEAT_MS * 2);
    expect(published).toHaveLength(2);
    r.stop();
    r.changed();
    r.stop();
    jest.advanceTimersByTime(REPORT_HEARTBEAT_MS * 2);
    expect(published).toHaveLength(2);
  });
});
