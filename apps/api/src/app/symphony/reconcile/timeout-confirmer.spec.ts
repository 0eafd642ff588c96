import { CoaState, SummaryState } from '@fleet/shared/contracts';
import { SymphonyKinds } from '../symphony-kinds';
import { encodeCoaResponse } from '@fleet/shared/symphony/util';
import { defaultBehaviour } from '../../../testing/symphony/coa-car';
import type { ReceivedRequest } from '../../../testing/symphony/coa-car';
import {
  component,
  COMPONENT_NAMES,
  instance,
} from '../../../testing/symphony/symphony-factories';
import {
  flush,
  symphonyHarness,
} from '../../../testing/symphony/symphony-harness';
import type { ConfirmedDeployment } from './timeout-confirmer';
import { CAR_WORST_CASE_MS, TimeoutConfirmer } from './timeout-confirmer';

const INSTANCE = 'fleet-car-c1';
const TIMEOUT_S = 30;

/** A car that answers GET at once but keeps every POST to itself (the test answers it late). */
async function setup() {
  const h = symphonyHarness({ timeoutSeconds: TIMEOUT_S });
  await h.seed('c1');
  await h.store.put(
    SymphonyKinds.instance,
    instance(INSTANCE, 'fleet:1.2.4', 'car-c1'),
  );
  let runs = '1.2.3';
  const posts: ReceivedRequest[] = [];
  h.publisher.behaviour = (r) => {
    if (r.envelope.method === 'GET')
      return {
        state: CoaState.OK,
        body: COMPONENT_NAMES.map((n) => component(n, runs)),
      };
    posts.push(r);
    return undefined;
  };
  const confirmer = new TimeoutConfirmer(
    h.provider,
    h.reconciler,
    h.summaries,
    h.instances,
    h.solutions,
    h.targets,
    h.clock,
    h.config,
  );
  confirmer.onApplicationBootstrap();
  const confirmed: ConfirmedDeployment[] = [];
  confirmer.confirmed$.subscribe((c) => confirmed.push(c));
  const timedOut = async () => {
    const outcome = h.reconciler.reconcile({ instance: INSTANCE, jobId: 'j1' });
    await flush(20);
    h.clock.advance(TIMEOUT_S * 1000);
    expect(await outcome).toMatchObject({ unconfirmed: true });
  };
  return {
    ...h,
    confirmer,
    confirmed,
    posts,
    timedOut,
    carNowRuns: (tag: string) => (runs = tag),
  };
}

describe(TimeoutConfirmer.name, () => {
  it('re-checks by itself (every half timeout) once the car’s worst case has passed', async () => {
    const h = await setup();
    await h.timedOut();
    h.carNowRuns('1.2.4');

    h.clock.advance(CAR_WORST_CASE_MS - TIMEOUT_S * 1000);
    await flush(20);
    expect(h.confirmed).toEqual([]);
    h.clock.advance(TIMEOUT_S * 1000);
    await flush(20);

    expect(h.confirmed).toEqual([
      expect.objectContaining({ via: 'GET', jobId: 'j1' }),
    ]);
    h.confirmer.onModuleDestroy();
  });

  it('settles the unknown result from the car’s late answer: summary done and OK, instance succeeded, announced once', async () => {
    const h = await setup();
    await h.timedOut();

    const late = defaultBehaviour()(h.posts[0]);
    h.publisher.deliver(
      'symphony/car-c1/response',
      JSON.parse(
        JSON.stringify({
          ...encodeCoaResponse({
            state: late?.state ?? 0,
            body: late?.body,
            contentType: 'application/json',
            metadata: {
              'request-id': h.posts[0].envelope.metadata?.['request-id'] ?? '',
            },
          }),
        }),
      ),
    );
    await flush(20);

    expect(h.confirmed).toEqual([
      expect.objectContaining({
        instance: INSTANCE,
        target: 'car-c1',
        jobId: 'j1',
        via: 'late answer',
        outcome: expect.objectContaining({ result: 'succeeded' }),
      }),
    ]);
    expect(await h.summaries.get(INSTANCE)).toMatchObject({
      state: SummaryState.Done,
      summary: { successCount: 1, targets: { 'car-c1': { status: 'OK' } } },
    });
    expect((await h.instances.get(INSTANCE)).status?.properties).toMatchObject({
      status: 'Succeeded',
      'fleet.ota/reconcile': 'done',
    });
    expect(await h.summaries.listUnconfirmed()).toEqual([]);
    expect(await h.confirmer.recheck()).toBe(0);
  });

  it('settles an older job superseded by a newer deployment from its late answer, without touching the newer result', async () => {
    const h = await setup();
    await h.timedOut();
    h.confirmer.onModuleDestroy();
    const late = h.posts[0];
    h.publisher.behaviour = defaultBehaviour(() =>
      COMPONENT_NAMES.map((n) => component(n, '1.2.3')),
    );
    await h.reconciler.reconcile({ instance: INSTANCE, jobId: 'j2' });
    await h.store.put(
      SymphonyKinds.instance,
      instance(INSTANCE, 'fleet:1.2.4', 'car-c1'),
    );
    h.clock.advance(CAR_WORST_CASE_MS);
    expect(await h.confirmer.recheck()).toBe(0);

    await h.confirmer.settleLate({
      target: 'car-c1',
      method: 'POST',
      instance: INSTANCE,
      generation: '1',
      jobId: 'j1',
      reply: {
        requestId: late.envelope.metadata?.['request-id'] ?? '',
        state: CoaState.InternalError,
        contentType: 'text/plain',
        bodyText: 'update failed',
        response: {
          state: CoaState.InternalError,
          contentType: '',
          body: null,
        },
      },
    });

    expect(h.confirmed).toEqual([
      expect.objectContaining({
        jobId: 'j1',
        outcome: expect.objectContaining({ result: 'failed' }),
      }),
    ]);
    expect(await h.summaries.get(INSTANCE)).toMatchObject({
      summaryid: 'j2',
      state: SummaryState.Done,
      summary: { successCount: 1 },
    });
    expect(await h.summaries.listUnconfirmed()).toEqual([]);
  });

  it('asks the car with a GET once its worst case passed: it runs the version, so succeeded', async () => {
    const h = await setup();
    await h.timedOut();
    h.confirmer.onModuleDestroy(); // this test drives the re-checks itself
    h.carNowRuns('1.2.4');

    h.clock.advance(CAR_WORST_CASE_MS - 1);
    expect(await h.confirmer.recheck()).toBe(0);
    h.clock.advance(1);
    const settled = h.confirmer.recheck();
    await flush(20);

    expect(await settled).toBe(1);
    expect(h.confirmed[0]).toMatchObject({
      via: 'GET',
      outcome: { result: 'succeeded', coaState: CoaState.OK },
    });
    expect((await h.summaries.get(INSTANCE)).state).toBe(SummaryState.Done);
  });

  it('records failed when the GET shows the car does not run the version (it rolled back)', async () => {
    const h = await setup();
    await h.timedOut();
    h.confirmer.onModuleDestroy();
    h.clock.advance(CAR_WORST_CASE_MS);

    const settled = h.confirmer.recheck();
    await flush(20);

    expect(await settled).toBe(1);
    expect(h.confirmed[0].outcome).toMatchObject({
      result: 'failed',
      coaState: CoaState.UpdateFailed,
    });
    expect(h.confirmed[0].outcome.messages[0]).toContain('does not run');
    expect(
      (await h.summaries.get(INSTANCE)).summary.targets?.['car-c1'].status,
    ).toBe('Error');
  });

  it('ignores a late answer of another job, and drops the record once a newer generation supersedes it', async () => {
    const h = await setup();
    await h.timedOut();
    h.confirmer.onModuleDestroy();
    await h.confirmer.settleLate({
      target: 'car-c1',
      method: 'POST',
      instance: INSTANCE,
      generation: '1',
      jobId: 'other-job',
      reply: {
        requestId: 'r',
        state: CoaState.OK,
        contentType: 'application/json',
        bodyText: '{}',
        response: { state: CoaState.OK, contentType: '', body: null },
      },
    });
    expect(await h.summaries.listUnconfirmed()).toHaveLength(1);

    await h.store.put(
      SymphonyKinds.instance,
      instance(INSTANCE, 'fleet:1.2.3', 'car-c1'),
    );
    h.clock.advance(CAR_WORST_CASE_MS);
    expect(await h.confirmer.recheck()).toBe(0);
    expect(await h.summaries.listUnconfirmed()).toEqual([]);
    expect(h.confirmed).toEqual([]);
  });

  it('keeps the result unknown when the car cannot be asked (no answer to the GET either)', async () => {
    const h = await setup();
    await h.timedOut();
    h.confirmer.onModuleDestroy();
    h.publisher.behaviour = () => undefined;
    h.clock.advance(CAR_WORST_CASE_MS);

    const settled = h.confirmer.recheck();
    await flush(20);
    h.clock.advance(TIMEOUT_S * 1000);

    expect(await settled).toBe(0);
    expect(await h.summaries.listUnconfirmed()).toHaveLength(1);
    expect((await h.summaries.get(INSTANCE)).state).toBe(SummaryState.Running);
  });
});
