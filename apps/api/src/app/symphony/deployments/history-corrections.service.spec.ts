import { CoaState } from '@fleet/shared/contracts';
import type { SymphonyInstance } from '@fleet/shared/contracts';
import { encodeCoaResponse } from '@fleet/shared/symphony/util';
import type { ReceivedRequest } from '../../../testing/symphony/coa-car';
import { defaultBehaviour } from '../../../testing/symphony/coa-car';
import { flush } from '../../../testing/symphony/symphony-harness';
import type { UpdateFinished } from '../../updates/update-runner';
import { deploymentsHarness } from './deployments-harness';
import { HistoryCorrections } from './history-corrections.service';

const nav: SymphonyInstance = {
  metadata: { name: 'nav' },
  spec: { solution: 'fleet:1.2.4', target: { name: 'car-c1' } },
};

describe(HistoryCorrections.name, () => {
  it('keeps the entry pending on a timeout and settles it from the late answer: succeeded, car state, finished$ once', async () => {
    const h = await deploymentsHarness({ timeoutSeconds: 30 });
    h.confirmer.onApplicationBootstrap();
    h.corrections.onApplicationBootstrap();
    const finished: UpdateFinished[] = [];
    h.runner.finished$.subscribe((f) => finished.push(f));
    await h.addCar('c1');
    const posts: ReceivedRequest[] = [];
    h.publisher.behaviour = (r) => {
      if (r.envelope.method === 'GET') return defaultBehaviour()(r);
      posts.push(r);
      return undefined;
    };

    await h.deployments.upsert(nav, 'alice');
    await flush(30);
    h.clock.advance(30_000);
    await flush(30);

    const [pending] = [...h.history.rows.values()];
    expect(pending).toMatchObject({
      result: 'pending',
      coaState: CoaState.MqttApplyTimeout,
    });
    expect(pending.details.messages.join(' ')).toContain('unknown');
    expect(h.registry.get('c1')?.updateState).toBe('updating');
    expect(finished).toEqual([]);

    const late = defaultBehaviour()(posts[0]);
    h.publisher.deliver(
      'symphony/car-c1/response',
      JSON.parse(
        JSON.stringify(
          encodeCoaResponse({
            state: late?.state ?? 0,
            body: late?.body,
            contentType: 'application/json',
            metadata: {
              'request-id': posts[0].envelope.metadata?.['request-id'] ?? '',
            },
          }),
        ),
      ),
    );
    await flush(30);

    const settled = h.history.rows.get(pending.id);
    expect(settled).toMatchObject({ result: 'succeeded', phase: 'finished' });
    expect(settled?.details.messages.join(' ')).toContain(
      'confirmed by the car',
    );
    expect(h.registry.get('c1')?.updateState).toBe('succeeded');
    expect(finished.map((f) => [f.entryId, f.outcome.result])).toEqual([
      [pending.id, 'succeeded'],
    ]);
    expect(
      await h.corrections.correct({
        instance: 'nav',
        target: 'car-c1',
        jobId: pending.id,
        outcome: finished[0].outcome,
        via: 'GET',
      }),
    ).toBe(false);
    h.confirmer.onModuleDestroy();
    h.corrections.onModuleDestroy();
  });
});
