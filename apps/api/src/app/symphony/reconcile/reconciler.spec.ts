import {
  CoaState,
  FleetProviderState,
  SummaryState,
} from '@fleet/shared/contracts';
import { SymphonyKinds } from '../symphony-kinds';
import {
  applyAnswer,
  defaultBehaviour,
} from '../../../testing/symphony/coa-car';
import {
  component,
  COMPONENT_NAMES,
  instance,
} from '../../../testing/symphony/symphony-factories';
import {
  flush,
  symphonyHarness,
} from '../../../testing/symphony/symphony-harness';
import { Reconciler } from './reconciler';
import { reconcilePhaseOf } from './reconcile-status';

const INSTANCE = 'fleet-car-c1';

async function setup(solution = 'fleet:1.2.4') {
  const h = symphonyHarness();
  await h.seed('c1');
  await h.store.put(
    SymphonyKinds.instance,
    instance(INSTANCE, solution, 'car-c1'),
  );
  return h;
}

const running = (tag: string) => () =>
  COMPONENT_NAMES.map((n) => component(n, tag));

describe(Reconciler.name, () => {
  it('asks the car what it runs, plans, and sends the DeploymentSpec with Symphony’s field names', async () => {
    const h = await setup();
    h.publisher.behaviour = defaultBehaviour(running('1.2.3'));

    const outcome = await h.reconciler.reconcile({
      instance: INSTANCE,
      jobId: 'job-1',
    });

    expect(h.publisher.methods()).toEqual(['GET', 'POST']);
    const post = h.publisher.requests[1];
    expect(post.topic).toBe('symphony/car-c1/request');
    expect(post.envelope.metadata).toMatchObject({ 'active-target': 'car-c1' });
    expect(post.deployment).toMatchObject({
      solutionName: 'fleet-v-1.2.4',
      solution: {
        metadata: { name: 'fleet-v-1.2.4' },
        spec: { version: '1.2.4' },
      },
      instance: {
        metadata: { name: INSTANCE },
        spec: { solution: 'fleet:1.2.4' },
      },
      targets: { 'car-c1': { metadata: { name: 'car-c1' } } },
      assignments: { 'car-c1': '{telematics}{infotainment}{adas}' },
      activeTarget: 'car-c1',
      generation: '1',
      jobID: 'job-1',
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      isDryRun: false,
    });
    expect(outcome).toMatchObject({
      result: 'succeeded',
      coaState: CoaState.OK,
      skipped: false,
      plan: COMPONENT_NAMES.map((c) => ({
        component: c,
        action: 'update',
        reason: 'changed',
      })),
      components: { adas: { status: CoaState.Updated } },
    });
  });

  it('sends nothing when the car already runs the version, and records a skipped success', async () => {
    const h = await setup();
    h.publisher.behaviour = defaultBehaviour(running('1.2.4'));

    const outcome = await h.reconciler.reconcile({
      instance: INSTANCE,
      jobId: 'job-1',
    });

    expect(h.publisher.methods()).toEqual(['GET']);
    expect(outcome).toMatchObject({
      result: 'succeeded',
      skipped: true,
      plan: [],
    });
    expect((await h.summaries.get(INSTANCE)).summary).toMatchObject({
      skipped: true,
      targets: { 'car-c1': { status: 'OK' } },
    });
  });

  it('records the reconcile in the instance status before sending, and as done with the summary after', async () => {
    const h = await setup();
    const seen: (string | null)[] = [];
    h.publisher.behaviour = (request) => {
      void h.instances
        .find(INSTANCE)
        .then((i) => seen.push(reconcilePhaseOf(i?.status)));
      return defaultBehaviour(running('1.2.3'))(request);
    };

    await h.reconciler.reconcile({
      instance: INSTANCE,
      jobId: 'job-7',
      statusProperties: { 'fleet.ota/history': 'h1' },
    });
    await flush();

    expect(seen).toEqual(['in-progress', 'in-progress']);
    const stored = await h.instances.get(INSTANCE);
    expect(stored.status?.properties).toMatchObject({
      status: 'Succeeded',
      'fleet.ota/reconcile': 'done',
      'fleet.ota/job': 'job-7',
      'fleet.ota/history': 'h1',
      generation: '1',
    });
    expect(stored.metadata.objGeneraion).toBe(1);
    expect(await h.summaries.get(INSTANCE)).toMatchObject({
      generation: '1',
      state: SummaryState.Done,
      summaryid: 'job-7',
      summary: { successCount: 1, targetCount: 1 },
    });
  });

  it('refuses a second reconcile of the same instance while one runs', async () => {
    const h = await setup();
    h.publisher.behaviour = () => undefined;

    const first = h.reconciler.reconcile({
      instance: INSTANCE,
      jobId: 'job-1',
    });

    await expect(
      h.reconciler.reconcile({ instance: INSTANCE, jobId: 'job-2' }),
    ).rejects.toMatchObject({ status: 409 });
    expect(h.reconciler.isRunning(INSTANCE)).toBe(true);
    await flush(20);
    h.clock.advance(180_000);
    await expect(first).resolves.toMatchObject({
      result: 'failed',
      coaState: CoaState.TimedOut,
    });
    expect(h.reconciler.isRunning(INSTANCE)).toBe(false);
  });

  it('reports an interrupted install (19001) as interrupted and leaves the instance waiting for a park', async () => {
    const h = await setup();
    h.publisher.behaviour = (r) =>
      r.envelope.method === 'GET'
        ? { state: CoaState.OK, body: running('1.2.3')() }
        : applyAnswer(
            r,
            FleetProviderState.Interrupted,
            FleetProviderState.Interrupted,
            'interrupted: vehicle started driving',
          );

    const outcome = await h.reconciler.reconcile({
      instance: INSTANCE,
      jobId: 'job-1',
    });

    expect(outcome).toMatchObject({ result: 'interrupted', coaState: 19001 });
    expect(outcome.messages[0]).toBe('interrupted: vehicle started driving');
    expect(reconcilePhaseOf((await h.instances.get(INSTANCE)).status)).toBe(
      'waiting-for-park',
    );
  });

  it.each([
    [CoaState.Conflict, CoaState.Conflict, 'refused'],
    [CoaState.InternalError, CoaState.UpdateFailed, 'failed'],
  ])(
    'classifies a POST answered %i (components %i) as %s',
    async (state, status, result) => {
      const h = await setup();
      h.publisher.behaviour = (r) =>
        r.envelope.method === 'GET'
          ? { state: CoaState.OK, body: [] }
          : applyAnswer(r, state, status, 'no');

      expect(
        (await h.reconciler.reconcile({ instance: INSTANCE, jobId: 'j' }))
          .result,
      ).toBe(result);
    },
  );

  it('records a POST without an answer in time as unknown (not failed), and remembers it for confirmation', async () => {
    const h = await setup();
    h.publisher.behaviour = (r) =>
      r.envelope.method === 'GET'
        ? { state: CoaState.OK, body: [] }
        : undefined;

    const outcome = h.reconciler.reconcile({ instance: INSTANCE, jobId: 'j' });
    await flush(20);
    h.clock.advance(180_000);

    await expect(outcome).resolves.toMatchObject({
      result: 'failed',
      coaState: CoaState.MqttApplyTimeout,
      unconfirmed: true,
      messages: [
        'no answer from car-c1 to POST within 180 s; the result is unknown until the car confirms it',
      ],
    });
    const summary = await h.summaries.get(INSTANCE);
    expect(summary).toMatchObject({
      state: SummaryState.Running,
      summary: { targetCount: 1, successCount: 0 },
    });
    expect(summary.summary.targets?.['car-c1'].status).toBe('Unknown');
    expect(await h.summaries.listUnconfirmed()).toEqual([
      expect.objectContaining({
        instance: INSTANCE,
        target: 'car-c1',
        jobId: 'j',
        generation: '1',
      }),
    ]);
    expect((await h.instances.get(INSTANCE)).status?.properties).toMatchObject({
      status: 'Unknown',
      'fleet.ota/reconcile': 'in-progress',
    });
  });

  it('fails without sending anything when the instance names a missing solution version', async () => {
    const h = await setup();
    await h.store.delete(SymphonyKinds.solutionVersion, 'fleet-v-1.2.4');

    const outcome = await h.reconciler.reconcile({
      instance: INSTANCE,
      jobId: 'j',
    });

    expect(outcome).toMatchObject({
      result: 'failed',
      coaState: CoaState.NotFound,
    });
    expect(h.publisher.requests).toHaveLength(0);
  });
});
