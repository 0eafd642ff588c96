import { resolveStagePolicy } from '@fleet/shared/contracts';
import { judge, retryDelayMs, StageTally } from './stage-evaluation';

function tally(overrides: Partial<StageTally>): StageTally {
  const t = {
    total: 0,
    counted: 0,
    succeeded: 0,
    failed: 0,
    open: 0,
    soaking: 0,
    unreachable: 0,
    ...overrides,
  };
  return {
    ...t,
    counted: t.succeeded + t.failed + t.open,
    total: t.total || t.succeeded + t.failed + t.open + t.unreachable,
  };
}

describe(judge.name, () => {
  it('waits for the minimum sample before judging the error rate', () => {
    const policy = resolveStagePolicy({
      successThresholdPct: 0,
      errorThresholdPct: 10,
      errorMinSample: 5,
    });
    expect(judge(tally({ failed: 4, open: 6 }), policy)).toEqual({
      kind: 'open',
    });
    expect(
      judge(tally({ failed: 4, succeeded: 1, open: 5 }), policy).kind,
    ).toBe('failed');
  });

  it('lets the error threshold follow the success threshold unless set', () => {
    expect(
      resolveStagePolicy({ successThresholdPct: 80 }).errorThresholdPct,
    ).toBe(20);
    expect(
      resolveStagePolicy({ successThresholdPct: 80 }, { errorThresholdPct: 5 })
        .errorThresholdPct,
    ).toBe(5);
  });

  it('succeeds a stage with nothing to update and leaves one with only unreachable cars to a person', () => {
    const policy = resolveStagePolicy();
    expect(judge(tally({ total: 2 }), policy)).toEqual({
      kind: 'succeeded',
      reason: 'no car to update (2 skipped)',
    });
    expect(judge(tally({ unreachable: 2 }), policy).kind).toBe('inconclusive');
  });
});

describe(retryDelayMs.name, () => {
  it('doubles from the base and stops at 15 minutes', () => {
    const policy = resolveStagePolicy({ retryBackoffSeconds: 10 });
    expect([1, 2, 3, 10].map((n) => retryDelayMs(policy, n))).toEqual([
      10_000, 20_000, 40_000, 900_000,
    ]);
  });
});
