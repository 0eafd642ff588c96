import { OrphanWatch } from './orphaned-sends';

describe(OrphanWatch.name, () => {
  it('calls an entry orphaned once it was pending and not running for the grace period', () => {
    const watch = new OrphanWatch(10_000);
    expect(watch.orphaned('e1', false, 0)).toBe(false);
    expect(watch.orphaned('e1', false, 9_999)).toBe(false);
    expect(watch.orphaned('e1', false, 10_000)).toBe(true);
    expect(watch.orphaned('e1', false, 10_001)).toBe(false);
  });

  it('forgets an entry that is seen running', () => {
    const watch = new OrphanWatch(10_000);
    watch.orphaned('e1', false, 0);
    watch.orphaned('e1', true, 5_000);
    expect(watch.orphaned('e1', false, 12_000)).toBe(false);
  });
});
