import { regionRollout, RolloutHarness } from '../testing/rollout-harness';
import { RolloutEngine } from './rollout-engine';

describe(`${RolloutEngine.name}: crash safety`, () => {
  let h: RolloutHarness;
  let munich: string[];
  let berlin: string[];

  beforeEach(() => {
    h = new RolloutHarness();
    munich = h.fleet.addMany(3, { region: 'munich' }).map((c) => c.id);
    berlin = h.fleet.addMany(2, { region: 'berlin' }).map((c) => c.id);
  });

  function sendsPerCar(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const id of h.dispatcher.updatedCarIds())
      counts[id] = (counts[id] ?? 0) + 1;
    return counts;
  }

  it('resumes mid-stage from the repository without sending any car a second time', async () => {
    const id = await h.create(regionRollout(['munich', 'berlin']));
    await h.report(munich[0], 'succeeded');
    await h.advance(5);

    await h.restart();
    await h.advance(1);
    expect(h.dispatcher.updatedCarIds()).toHaveLength(3);
    expect(h.view(id).stages[0].counts).toMatchObject({
      soaking: 1,
      updating: 2,
    });

    // The cars answer the sends of the dead process; the new engine takes the results.
    await h.report(munich[1], 'succeeded');
    await h.report(munich[2], 'succeeded');
    await h.advance(10);
    await h.reportAll(berlin, 'succeeded');
    await h.advance(10);
    expect(h.view(id).status).toBe('completed');
    expect(Object.values(sendsPerCar())).toEqual([1, 1, 1, 1, 1]);
  });

  it('takes the results that came in while it was down from the dispatcher', async () => {
    const id = await h.create(regionRollout(['munich']));
    for (const car of munich) h.dispatcher.finish(car, 'succeeded');
    munich.forEach((car) => h.fleet.set(car, { version: '1.2.4' }));
    await h.restart();
    expect(h.view(id).stages[0].counts.soaking).toBe(3);
    await h.advance(10);
    expect(h.view(id).status).toBe('completed');
    expect(h.dispatcher.updatedCarIds()).toHaveLength(3);
  });

  it('sends again, once, what was persisted as sent but never reached the dispatcher', async () => {
    h.dispatcher.hang = true;
    const id = await h.create(regionRollout(['munich']));
    expect(h.repository.car(id, munich[0])?.bucket).toBe('updating');
    // The hung sends never reached the car, as if the process died between the commit and the send.
    h.dispatcher.hang = false;
    h.dispatcher.calls.length = 0;
    await h.restart();
    expect(h.repository.car(id, munich[0])?.reason).toBe(
      'pending: the send never reached the car (the API stopped first); sending again',
    );
    await h.advance(0);
    expect(h.dispatcher.updatedCarIds().sort()).toEqual([...munich].sort());
    await h.restart();
    await h.advance(1);
    expect(Object.values(sendsPerCar())).toEqual([1, 1, 1]);
  });

  it('persists every transition: a restart shows exactly what the last engine showed', async () => {
    const id = await h.create(
      regionRollout(['munich', 'berlin'], { onFailure: 'rollback' }),
    );
    await h.report(munich[0], 'succeeded');
    await h.report(munich[1], 'failed');
    const before = h.view(id);
    await h.restart();
    expect(h.view(id)).toEqual(before);
  });

  it('reloads from the repository when a commit fails, and sends nothing it could not persist', async () => {
    h.fleet.add({ region: 'hamburg' });
    const id = await h.create(regionRollout(['hamburg']), { start: false });
    h.repository.failNext = true;
    await expect(h.engine.start(id, 'alice', null)).rejects.toThrow(
      'database unavailable',
    );
    expect(h.view(id).status).toBe('draft');
    expect(h.dispatcher.calls).toEqual([]);
  });

  it('waits for cars that are not back yet after a restart instead of giving them up', async () => {
    const id = await h.create(regionRollout(['munich']));
    await h.reportAll(munich, 'succeeded');
    const saved = munich.map((car) => h.fleet.car(car));
    munich.forEach((car) => h.fleet.remove(car));
    await h.restart();
    await h.advance(30);
    expect(h.view(id).stages[0].counts.soaking).toBe(3);
    expect(h.reason(id, munich[0])).toBe(
      'soaking: the soak is over; waiting for the car to report (not in the fleet)',
    );
    saved.forEach((car) => h.fleet.add(car));
    await h.advance(1);
    expect(h.view(id)).toMatchObject({ status: 'completed' });
  });
});
