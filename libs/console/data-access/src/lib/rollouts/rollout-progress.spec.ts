import { aProgress, aRolloutView, aStageView, counts } from '@fleet/console/testing';
import { applyProgress, changesCounts, changesShape, ProgressClock } from './rollout-progress';

const running = () =>
  aRolloutView({
    id: 'r1',
    status: 'running',
    currentStage: 0,
    stages: [
      aStageView({ index: 0, name: 'munich', status: 'running', total: 2, counts: counts({ updating: 2 }), startedAt: '2026-11-26T10:00:00.000Z' }),
      aStageView({ index: 1, name: 'berlin' }),
    ],
  });

describe(applyProgress.name, () => {
  it('takes the statuses and counters of the event and keeps everything else of the view', () => {
    const view = running();
    const next = applyProgress(
      view,
      aProgress(view, {
        status: 'running',
        stages: [
          { name: 'munich', status: 'succeeded', total: 2, counts: counts({ succeeded: 2 }) },
          { name: 'berlin', status: 'running', total: 1, counts: counts({ waiting: 1 }) },
        ],
        currentStage: 1,
      }),
    );
    expect(next.stages.map((s) => [s.status, s.total, s.counts.succeeded, s.counts.waiting])).toEqual([
      ['succeeded', 2, 2, 0],
      ['running', 1, 0, 1],
    ]);
    expect(next.currentStage).toBe(1);
    expect(next.stages[0].startedAt).toBe('2026-11-26T10:00:00.000Z');
    expect(next.createdBy).toBe(view.createdBy);
  });

  it('ignores an event of another rollout', () => {
    const view = running();
    expect(applyProgress(view, aProgress(aRolloutView({ id: 'other' }), { status: 'failed' }))).toBe(view);
  });
});

describe(changesShape.name, () => {
  it('is true for a new rollout or stage status and false for counters only', () => {
    const view = running();
    expect(changesShape(view, aProgress(view))).toBe(false);
    expect(changesShape(view, aProgress(view, { status: 'paused' }))).toBe(true);
    const stages = aProgress(view).stages.map((s, i) => (i === 0 ? { ...s, status: 'succeeded' as const } : s));
    expect(changesShape(view, aProgress(view, { stages }))).toBe(true);
  });
});

describe(changesCounts.name, () => {
  it('is true once any bucket of any stage moved', () => {
    const view = running();
    expect(changesCounts(view, aProgress(view))).toBe(false);
    const stages = aProgress(view).stages.map((s, i) => (i === 0 ? { ...s, counts: counts({ updating: 1, soaking: 1 }) } : s));
    expect(changesCounts(view, aProgress(view, { stages }))).toBe(true);
  });
});

describe(ProgressClock.name, () => {
  it('refuses an event older than one already seen for the rollout', () => {
    const clock = new ProgressClock();
    const view = running();
    expect(clock.accept(aProgress(view, { at: '2026-11-26T10:00:02.000Z' }))).toBe(true);
    expect(clock.accept(aProgress(view, { at: '2026-11-26T10:00:01.000Z' }))).toBe(false);
    expect(clock.accept(aProgress(aRolloutView({ id: 'r2' }), { at: '2026-11-26T10:00:01.000Z' }))).toBe(true);
  });

  it('lays only events received after the mark over a fetched view', () => {
    const clock = new ProgressClock();
    const view = running();
    clock.accept(aProgress(view, { status: 'paused' }));
    const mark = clock.mark();
    expect(clock.freshen(view, mark).status).toBe('running');
    clock.accept(aProgress(view, { status: 'completed' }));
    expect(clock.freshen(view, mark).status).toBe('completed');
  });
});
