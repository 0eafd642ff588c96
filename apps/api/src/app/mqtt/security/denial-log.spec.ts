import { DenialLog } from './denial-log';

describe(DenialLog.name, () => {
  it('logs a refusal once per client, action and topic', () => {
    const lines: string[] = [];
    const log = new DenialLog((line) => lines.push(line));

    log.record('car-a-0001', 'car car-a', 'publish', 'fleet/cars/car-b/status');
    log.record('car-a-0001', 'car car-a', 'publish', 'fleet/cars/car-b/status');
    log.record(
      'car-a-0001',
      'car car-a',
      'subscribe',
      'fleet/cars/car-b/status',
    );
    log.record('car-a-0002', 'car car-a', 'publish', 'fleet/cars/car-b/status');

    expect(lines).toEqual([
      'refused publish for car car-a (client car-a-0001): fleet/cars/car-b/status',
      'refused subscribe for car car-a (client car-a-0001): fleet/cars/car-b/status',
      'refused publish for car car-a (client car-a-0002): fleet/cars/car-b/status',
    ]);
  });

  it('remembers a bounded number of refusals and clips long text', () => {
    const lines: string[] = [];
    const log = new DenialLog((line) => lines.push(line), 3);

    for (let i = 0; i < 10; i++)
      log.record(`c${i}`, 'x', 'connect', 'wrong password');
    log.record('c0', 'x', 'connect', 'wrong password');
    log.record('c9', 'x', 'connect', 'wrong password');
    log.record('long', 'x', 'publish', 't/'.repeat(500));

    expect(log.size).toBe(3);
    expect(lines).toHaveLength(12);
    expect(lines[11].length).toBeLessThan(250);
  });
});
