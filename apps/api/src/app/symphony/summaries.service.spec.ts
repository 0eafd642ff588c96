import { SummaryState } from '@fleet/shared/contracts';
import { FakeClock } from '../../testing/fake-clock';
import { InMemorySymphonyObjectsRepository } from '../../testing/in-memory-repositories';
import { SummariesService } from './summaries.service';
import { SymphonyStore } from './symphony-store';

function setup() {
  const clock = new FakeClock();
  const summaries = new SummariesService(
    new SymphonyStore(new InMemorySymphonyObjectsRepository(), clock),
  );
  const record = (
    results: Record<string, string>,
    targets: string[],
    jobID?: string,
  ) =>
    summaries.recordTargets('i', {
      results: Object.fromEntries(
        Object.entries(results).map(([t, status]) => [
          t,
          { status, components: { a: { status: 8004, message: '' } } },
        ]),
      ),
      targets,
      generation: '1',
      time: clock.now(),
      jobID,
    });
  return { summaries, record };
}

describe(SummariesService.name, () => {
  it('replaces only the given targets’ results, drops targets no longer selected, and knows each target’s job', async () => {
    const { summaries, record } = setup();
    await record({ a: 'OK', b: 'Error' }, ['a', 'b'], 'j1');
    await record({ b: 'OK' }, ['a', 'b'], 'j2');

    expect((await summaries.get('i')).summary).toMatchObject({
      targetCount: 2,
      successCount: 2,
    });
    expect(await summaries.latestJob('i', 'a')).toBe('j1');
    expect(await summaries.latestJob('i', 'b')).toBe('j2');

    const result = await record({ c: 'Unknown' }, ['b', 'c']);
    expect(Object.keys(result.summary.targets ?? {})).toEqual(['b', 'c']);
    expect(result.state).toBe(SummaryState.Running);
    expect(await summaries.latestJob('i', 'a')).toBeNull();
  });

  it('keeps one unknown record per job, also for names longer than an object name may be', async () => {
    const { summaries } = setup();
    const long = 'x'.repeat(240);
    const base = {
      target: 'car-c1',
      generation: '1',
      since: '2026-01-01T00:00:00Z',
    };
    await summaries.markUnconfirmed({ ...base, instance: long, jobId: 'j1' });
    await summaries.markUnconfirmed({ ...base, instance: long, jobId: 'j2' });

    expect(await summaries.findUnconfirmed(long, 'car-c1', 'j2')).toMatchObject(
      { jobId: 'j2' },
    );
    expect(await summaries.listUnconfirmed()).toHaveLength(2);
    expect(await summaries.clearUnconfirmed(long, 'car-c1', 'j1')).toBe(true);
    expect(await summaries.clearUnconfirmed(long, 'car-c1', 'j1')).toBe(false);
    await summaries.clearUnconfirmedOf(long);
    expect(await summaries.listUnconfirmed()).toEqual([]);
  });
});
