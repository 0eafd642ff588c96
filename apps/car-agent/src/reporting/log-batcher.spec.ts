import type { LogLine } from '@fleet/shared/contracts';
import { systemClock } from '../agent/clock';
import { AGENT_LOG_SOURCE, LOG_FLUSH_MS, LogBatcher } from './log-batcher';

function batcher(options: { capacity?: number; batchSize?: number } = {}) {
  const batches: LogLine[][] = [];
  let online = true;
  const b = new LogBatcher({
    carId: 'car-1',
    clock: systemClock,
    publish: (lines) => online && batches.push(lines) > 0,
    ...options,
  });
  return { b, batches, setOnline: (value: boolean) => (online = value) };
}

const line = (n: number) => ({ workload: 'telematics', level: 'info' as const, message: `line ${n}` });

describe(LogBatcher.name, () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-03-01T10:00:00.000Z') }));
  afterEach(() => jest.useRealTimers());

  it('flushes LOG_FLUSH_MS after the first line, the lines of that second in one batch, with the car id and time on each line', () => {
    const { b, batches } = batcher();
    b.start();
    b.push(line(1));
    jest.advanceTimersByTime(LOG_FLUSH_MS - 1);
    b.push(line(2));
    expect(batches).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(batches).toEqual([[
      { carId: 'car-1', at: '2026-03-01T10:00:00.000Z', workload: 'telematics', level: 'info', message: 'line 1' },
      { carId: 'car-1', at: '2026-03-01T10:00:00.999Z', workload: 'telematics', level: 'info', message: 'line 2' },
    ]]);
    b.stop();
  });

  it('runs no timer while nothing waits, and retries every LOG_FLUSH_MS while the broker is away', () => {
    const { b, batches, setOnline } = batcher();
    b.start();
    expect(jest.getTimerCount()).toBe(0);
    setOnline(false);
    b.push(line(1));
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(LOG_FLUSH_MS * 3);
    expect(b.size).toBe(1);
    setOnline(true);
    jest.advanceTimersByTime(LOG_FLUSH_MS);
    expect(batches.map((batch) => batch.map((l) => l.message))).toEqual([['line 1']]);
    expect(jest.getTimerCount()).toBe(0);
    b.push(line(2));
    b.stop();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('flushes at once when a batch is full', () => {
    const { b, batches } = batcher({ batchSize: 3 });
    [1, 2, 3, 4].forEach((n) => b.push(line(n)));
    expect(batches.map((batch) => batch.map((l) => l.message))).toEqual([['line 1', 'line 2', 'line 3']]);
    expect(b.size).toBe(1);
  });

  it('keeps lines while the broker is away and drops the oldest beyond its capacity', () => {
    const { b, batches, setOnline } = batcher({ capacity: 5, batchSize: 50 });
    setOnline(false);
    for (let n = 1; n <= 8; n++) b.push(line(n));
    b.flush();
    expect(b.size).toBe(5);
    expect(b.droppedCount).toBe(3);
    setOnline(true);
    b.flush();
    expect(batches[0]).toEqual([expect.objectContaining({ workload: AGENT_LOG_SOURCE, level: 'warn', message: 'dropped 3 log lines while the broker was away' })]);
    expect(batches[1].map((l) => l.message)).toEqual(['line 4', 'line 5', 'line 6', 'line 7', 'line 8']);
    expect(b.droppedCount).toBe(0);
  });
});
