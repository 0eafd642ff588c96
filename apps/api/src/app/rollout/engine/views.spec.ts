import { waitingReasonsOf } from './views';
import type { CarRecord } from './records';

const car = (bucket: CarRecord['bucket'], reason: string): CarRecord =>
  ({ carId: `${bucket}-${reason}`, bucket, reason }) as CarRecord;

describe('waitingReasonsOf', () => {
  it('counts why the waiting cars wait, most common first then by name, over every waiting car', () => {
    const cars = [
      car('waiting', 'waiting: offline'),
      car('waiting', 'waiting: driving'),
      car('waiting', 'waiting: driving'),
      car('waiting', 'waiting: outside the maintenance window'),
      car('waiting', ''),
      car('updating', 'updating: sent'),
      car('failed', 'failed: unhealthy'),
    ];
    expect(waitingReasonsOf(cars)).toEqual([
      { reason: 'driving', count: 2 },
      { reason: 'offline', count: 1 },
      { reason: 'outside the maintenance window', count: 1 },
      { reason: 'waiting', count: 1 },
    ]);
    expect(waitingReasonsOf([car('succeeded', 'succeeded: healthy')])).toEqual(
      [],
    );
  });
});
