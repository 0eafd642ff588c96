import { CoaState } from '@fleet/shared/contracts';
import type { SymphonyInstance } from '@fleet/shared/contracts';
import {
  applyAnswer,
  defaultBehaviour,
} from '../../../testing/symphony/coa-car';
import { flush } from '../../../testing/symphony/symphony-harness';
import { SymphonyKinds } from '../symphony-kinds';
import { deploymentsHarness } from './deployments-harness';
import { InstanceRemoval } from './instance-removal.service';

const selectorInstance: SymphonyInstance = {
  metadata: { name: 'munich-nav' },
  spec: { solution: 'fleet:1.2.4', target: { selector: { region: 'munich' } } },
};

async function setup(options: { concurrency?: number } = {}) {
  const h = await deploymentsHarness(options);
  await h.addCar('m1');
  await h.addCar('m2');
  await h.addCar('b1', { region: 'berlin' });
  await h.store.put(SymphonyKinds.instance, selectorInstance);
  return h;
}

describe(InstanceRemoval.name, () => {
  it('sends a COA DELETE with the deployment to each target, keeps the removal summary and deletes the instance', async () => {
    const h = await setup();

    const removals = await h.removal.remove('munich-nav');

    const deletes = h.publisher.requests.filter(
      (r) => r.envelope.method === 'DELETE',
    );
    expect(deletes.map((r) => r.topic).sort()).toEqual([
      'symphony/car-m1/request',
      'symphony/car-m2/request',
    ]);
    expect(deletes[0].envelope.route).toBe('instances');
    expect(deletes[0].deployment).toMatchObject({
      instance: { metadata: { name: 'munich-nav' } },
      solutionName: 'fleet-v-1.2.4',
    });
    expect(removals.map((r) => r.state)).toEqual([CoaState.OK, CoaState.OK]);
    expect(await h.instances.find('munich-nav')).toBeNull();
    expect((await h.summaries.get('munich-nav')).summary).toMatchObject({
      isRemoval: true,
      removed: true,
      targetCount: 2,
      successCount: 2,
    });
    await expect(h.removal.remove('munich-nav')).rejects.toMatchObject({
      status: 404,
    });
  });

  it('sends the DELETEs at most SYMPHONY_CONCURRENCY at a time', async () => {
    const h = await setup({ concurrency: 1 });
    let sent = 0;
    let answered = 0;
    let mostWaiting = 0;
    const deliver = h.publisher.deliver;
    h.publisher.deliver = (topic, payload) => {
      answered++;
      deliver(topic, payload);
    };
    const car = defaultBehaviour();
    h.publisher.behaviour = (r) => {
      if (r.envelope.method === 'DELETE') {
        sent++;
        mostWaiting = Math.max(mostWaiting, sent - answered);
      }
      return car(r);
    };

    const removals = await h.removal.remove('munich-nav');

    expect(removals.map((r) => r.state)).toEqual([CoaState.OK, CoaState.OK]);
    expect(sent).toBe(2);
    expect(mostWaiting).toBe(1);
  });

  it('keeps the instance and answers 409 when a car refuses the removal (driving); a repeat succeeds once parked', async () => {
    const h = await setup();
    h.publisher.behaviour = (r) =>
      r.topic.includes('car-m2')
        ? applyAnswer(
            r,
            CoaState.Conflict,
            CoaState.Conflict,
            'refused: vehicle is driving',
          )
        : defaultBehaviour()(r);

    await expect(h.removal.remove('munich-nav')).rejects.toMatchObject({
      status: 409,
      message: expect.stringContaining('car-m2: refused: vehicle is driving'),
    });
    expect(await h.instances.find('munich-nav')).not.toBeNull();
    expect((await h.summaries.get('munich-nav')).summary).toMatchObject({
      isRemoval: true,
      removed: false,
      successCount: 1,
    });

    h.publisher.behaviour = defaultBehaviour();
    await h.removal.remove('munich-nav');
    expect(await h.instances.find('munich-nav')).toBeNull();
  });

  it('answers 500 and keeps the instance when a car does not answer in time', async () => {
    const h = await setup();
    h.publisher.behaviour = (r) =>
      r.topic.includes('car-m1') ? undefined : defaultBehaviour()(r);

    const removing = h.removal.remove('munich-nav');
    const failed = expect(removing).rejects.toMatchObject({ status: 500 });
    await flush(20);
    h.clock.advance(180_000);
    await failed;
    expect(await h.instances.find('munich-nav')).not.toBeNull();
  });

  it('refuses with 409 while the instance is being deployed', async () => {
    const h = await setup();
    h.publisher.behaviour = () => undefined;
    const running = h.reconciler.reconcile({
      instance: 'munich-nav',
      jobId: 'j',
    });

    await expect(h.removal.remove('munich-nav')).rejects.toMatchObject({
      status: 409,
    });
    await flush(20);
    h.clock.advance(180_000);
    await running;
  });
});
