import { FakeScheduler } from './fake-scheduler';

describe(FakeScheduler.name, () => {
  it('fires timers in time order, including ones scheduled while advancing', () => {
    const scheduler = new FakeScheduler();
    const fired: string[] = [];
    scheduler.setTimeout(() => fired.push(`b@${scheduler.now()}`), 20);
    scheduler.setTimeout(() => {
      fired.push(`a@${scheduler.now()}`);
      scheduler.setTimeout(() => fired.push(`c@${scheduler.now()}`), 5);
    }, 10);
    scheduler.advance(19);
    expect(fired).toEqual(['a@10', 'c@15']);
    scheduler.advance(1);
    expect([fired, scheduler.now(), scheduler.pending()]).toEqual([['a@10', 'c@15', 'b@20'], 20, 0]);
  });

  it('does not fire a cleared timer', () => {
    const scheduler = new FakeScheduler();
    const callback = jest.fn();
    scheduler.clearTimeout(scheduler.setTimeout(callback, 1));
    scheduler.runAll();
    expect(callback).not.toHaveBeenCalled();
  });
});
