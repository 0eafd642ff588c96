import { ReconcileTracker } from './reconcile-tracker';

describe(ReconcileTracker.name, () => {
  it('keeps a target busy while any instance deploys to it, by name or through a whole-instance reconcile', () => {
    const tracker = new ReconcileTracker();
    expect(tracker.begin('car-1-instance', 'car-1')).toBe(true);
    expect(tracker.begin('fleet', undefined)).toBe(true);
    tracker.mark('fleet', ['car-1', 'car-2']);
    expect(tracker.isTargetBusy('car-1')).toBe(true);
    expect(tracker.isTargetBusy('car-2')).toBe(true);
    expect(tracker.isTargetBusy('car-3')).toBe(false);

    tracker.end('fleet');
    expect(tracker.isTargetBusy('car-2')).toBe(false);
    expect(tracker.isTargetBusy('car-1')).toBe(true);
    tracker.end('car-1-instance', 'car-1');
    expect(tracker.isTargetBusy('car-1')).toBe(false);
    expect(tracker.count).toBe(0);
  });

  it('refuses a second reconcile of the same target of an instance, or of the whole instance while one runs', () => {
    const tracker = new ReconcileTracker();
    expect(tracker.begin('fleet', 'car-1')).toBe(true);
    expect(tracker.begin('fleet', 'car-1')).toBe(false);
    expect(tracker.begin('fleet')).toBe(false);
    expect(tracker.begin('fleet', 'car-2')).toBe(true);
    expect(tracker.isRunning('fleet', 'car-2')).toBe(true);
    tracker.end('fleet', 'car-2');
    expect(tracker.isRunning('fleet', 'car-2')).toBe(false);
    expect(tracker.isTargetBusy('car-2')).toBe(false);
    expect(tracker.isRunning('fleet')).toBe(true);
    tracker.end('fleet', 'car-1');
    expect(tracker.isRunning('fleet')).toBe(false);
  });

  it('counts a target marked twice by the same instance once', () => {
    const tracker = new ReconcileTracker();
    tracker.begin('fleet');
    tracker.mark('fleet', ['car-1']);
    tracker.mark('fleet', ['car-1']);
    tracker.end('fleet');
    expect(tracker.isTargetBusy('car-1')).toBe(false);
  });
});
