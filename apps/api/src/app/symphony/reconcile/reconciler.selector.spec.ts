import { CoaState, SummaryState } from '@fleet/shared/contracts';
import { SymphonyKinds } from '../symphony-kinds';
import {
  applyAnswer,
  defaultBehaviour,
} from '../../../testing/symphony/coa-car';
import {
  flush,
  symphonyHarness,
} from '../../../testing/symphony/symphony-harness';
import type { SymphonyInstance } from '@fleet/shared/contracts';

const CARS = [
  { id: 'm1', region: 'munich', model: 'atlas-sedan' },
  { id: 'm2', region: 'munich', model: 'atlas-sedan' },
  { id: 'b1', region: 'berlin', model: 'atlas-sedan' },
];

function selectorInstance(
  name: string,
  selector: Record<string, string>,
): SymphonyInstance {
  return {
    metadata: { name },
    spec: { solution: 'fleet:1.2.4', target: { selector } },
  };
}

async function setup(concurrency?: number) {
  const h = symphonyHarness({ concurrency });
  await h.seed();
  for (const car of CARS) await h.seedTarget(car);
  await h.store.put(
    SymphonyKinds.instance,
    selectorInstance('munich-fleet', { region: 'munich' }),
  );
  return h;
}

describe('Reconciler with a target selector', () => {
  it('deploys to every Target whose properties match, with one result per target in the summary', async () => {
    const h = await setup();

    const outcome = await h.reconciler.reconcile({
      instance: 'munich-fleet',
      jobId: 'job-1',
    });

    const posted = h.publisher.requests
      .filter((r) => r.envelope.method === 'POST')
      .map((r) => r.topic)
      .sort();
    expect(posted).toEqual([
      'symphony/car-m1/request',
      'symphony/car-m2/request',
    ]);
    expect(outcome.result).toBe('succeeded');
    expect(Object.keys(outcome.targets ?? {}).sort()).toEqual([
      'car-m1',
      'car-m2',
    ]);
    const summary = await h.summaries.get('munich-fleet');
    expect(summary).toMatchObject({
      state: SummaryState.Done,
      summary: {
        targetCount: 2,
        successCount: 2,
        allAssignedDeployed: true,
        targets: { 'car-m1': { status: 'OK' }, 'car-m2': { status: 'OK' } },
      },
    });
    expect(summary.summary.targets?.['car-b1']).toBeUndefined();
  });

  it('keeps the other targets’ results when one target is reconciled alone, and reports the worst result', async () => {
    const h = await setup();
    await h.reconciler.reconcile({ instance: 'munich-fleet', jobId: 'job-1' });
    h.publisher.behaviour = (r) =>
      r.envelope.method === 'GET'
        ? { state: CoaState.OK, body: [] }
        : applyAnswer(
            r,
            CoaState.InternalError,
            CoaState.UpdateFailed,
            'broken',
          );

    const outcome = await h.reconciler.reconcile({
      instance: 'munich-fleet',
      jobId: 'job-2',
      target: 'car-m2',
    });

    expect(outcome.result).toBe('failed');
    expect(h.publisher.requests.at(-1)?.topic).toBe('symphony/car-m2/request');
    expect((await h.summaries.get('munich-fleet')).summary).toMatchObject({
      targetCount: 2,
      successCount: 1,
      targets: {
        'car-m1': { status: 'OK' },
        'car-m2': { status: 'Error' },
      },
    });
  });

  it('runs two targets of one instance at once but refuses the same target twice', async () => {
    const h = await setup();
    h.publisher.behaviour = () => undefined;

    const m1 = h.reconciler.reconcile({
      instance: 'munich-fleet',
      jobId: 'a',
      target: 'car-m1',
    });
    const m2 = h.reconciler.reconcile({
      instance: 'munich-fleet',
      jobId: 'b',
      target: 'car-m2',
    });

    await expect(
      h.reconciler.reconcile({
        instance: 'munich-fleet',
        jobId: 'c',
        target: 'car-m1',
      }),
    ).rejects.toMatchObject({ status: 409 });
    await expect(
      h.reconciler.reconcile({ instance: 'munich-fleet', jobId: 'd' }),
    ).rejects.toMatchObject({ status: 409 });
    expect(h.reconciler.isTargetBusy('car-m1')).toBe(true);
    expect(h.reconciler.isTargetBusy('car-b1')).toBe(false);
    await flush(20);
    h.clock.advance(180_000);
    await Promise.all([m1, m2]);
    expect(h.reconciler.isRunning('munich-fleet')).toBe(false);
  });

  it('deploys to at most SYMPHONY_CONCURRENCY targets at once; the next starts when one ends', async () => {
    const h = await setup(1);
    h.publisher.behaviour = () => undefined;
    const targetsAsked = () =>
      new Set(h.publisher.requests.map((r) => r.topic));

    const outcome = h.reconciler.reconcile({
      instance: 'munich-fleet',
      jobId: 'job-1',
    });
    await flush(20);
    expect(targetsAsked().size).toBe(1);
    h.clock.advance(180_000);
    await flush(20);
    expect(targetsAsked().size).toBe(2);
    h.clock.advance(180_000);
    await outcome;
  });

  it('fails without sending when the selector matches no target, or the target asked for is not selected', async () => {
    const h = await setup();
    await h.store.put(
      SymphonyKinds.instance,
      selectorInstance('nowhere', { region: 'paris' }),
    );
    h.publisher.behaviour = defaultBehaviour();

    expect(
      await h.reconciler.reconcile({ instance: 'nowhere', jobId: 'j' }),
    ).toMatchObject({ result: 'failed', coaState: CoaState.NotFound });
    expect(
      await h.reconciler.reconcile({
        instance: 'munich-fleet',
        jobId: 'j',
        target: 'car-b1',
      }),
    ).toMatchObject({
      result: 'failed',
      messages: ['instance munich-fleet does not deploy to target car-b1'],
    });
    expect(h.publisher.requests).toHaveLength(0);
  });
});
