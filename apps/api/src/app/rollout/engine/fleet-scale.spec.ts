import { regionRollout, RolloutHarness } from '../testing/rollout-harness';
import type { CarOutcome } from './ports';
import { MAX_WAITING_OUTCOMES, RolloutEngine } from './rollout-engine';

/** Counts how many of the fake dispatcher's calls wait at once, and how many start in one turn of the loop. */
function concurrencyProbe(h: RolloutHarness, holdUntilWaiting: number) {
  const seen = { waiting: 0, most: 0, startedThisTurn: 0, mostPerTurn: 0 };
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  // Sent one after another, the sends would never reach that number: let them go after a while so the test fails
  // on its assertions instead of timing out.
  const fallback = setTimeout(release, 500);
  // Queued before the sends, so it runs first in each check phase: it opens the count of a new turn.
  let ticking = true;
  const tick = () => {
    seen.startedThisTurn = 0;
    if (ticking) setImmediate(tick);
  };
  setImmediate(tick);
  h.dispatcher.delay = async () => {
    seen.waiting++;
    seen.most = Math.max(seen.most, seen.waiting);
    seen.mostPerTurn = Math.max(seen.mostPerTurn, ++seen.startedThisTurn);
    if (seen.waiting === holdUntilWaiting) release();
    await released;
    seen.waiting--;
  };
  return {
    seen,
    stop: () => {
      ticking = false;
      clearTimeout(fallback);
      h.dispatcher.delay = null;
    },
  };
}

describe(`${RolloutEngine.name}: stages of many cars`, () => {
  const options = { sendConcurrency: 40, sendsPerTurn: 8, sendTimeoutMs: 5_000 };
  const wide = { maxConcurrent: 1_000, maxPerMinute: 10_000 };

  it('sends a stage with up to sendConcurrency sends waiting at once, at most sendsPerTurn starting a turn', async () => {
    const h = new RolloutHarness(options);
    h.fleet.addMany(100, { region: 'munich' });
    const probe = concurrencyProbe(h, options.sendConcurrency);

    const id = await h.create(regionRollout(['munich'], wide));
    await h.engine.settled();
    probe.stop();

    expect(h.dispatcher.updatedCarIds()).toHaveLength(100);
    expect(h.view(id).stages[0].counts.updating).toBe(100);
    expect(probe.seen.most).toBe(options.sendConcurrency);
    expect(probe.seen.mostPerTurn).toBe(options.sendsPerTurn);
  });

  it('records each refusal of a stage sent at once against its own car', async () => {
    const h = new RolloutHarness(options);
    const cars = h.fleet.addMany(60, { region: 'munich' }).map((c) => c.id);
    // A skip first: a failure would fail the stage (threshold 100 %) and leave the later chunks unsent.
    h.dispatcher.refuseNext(cars[7], { accepted: false, reason: 'incompatible', retryable: false, skip: true });
    h.dispatcher.refuseNext(cars[45], { accepted: false, reason: 'no such version for this model', retryable: false });

    const id = await h.create(regionRollout(['munich'], wide));
    await h.engine.settled();

    expect(h.bucket(id, cars[7])).toBe('skipped');
    expect(h.bucket(id, cars[45])).toBe('failed');
    expect(h.reason(id, cars[45])).toContain('no such version for this model');
    expect(h.view(id).stages[0].counts.updating).toBe(58);
  });

  it('applies outcomes that arrive together in one commit and one pass, not one each', async () => {
    const h = new RolloutHarness(options);
    const cars = h.fleet.addMany(100, { region: 'munich' }).map((c) => c.id);
    const id = await h.create(regionRollout(['munich'], wide));
    await h.engine.settled();
    const before = h.repository.commits;

    cars.forEach((car) => h.fleet.set(car, { version: '1.2.4' }));
    const outcomes = cars.map((car) => h.dispatcher.finish(car, 'succeeded'));
    await Promise.all(outcomes.map((o) => h.engine.onOutcome(o)));

    expect(h.view(id).stages[0].counts.soaking).toBe(100);
    // The outcomes' commit and the pass's; one each would be 200.
    expect(h.repository.commits - before).toBeLessThanOrEqual(2);
  });

  it('applies outcomes that arrive while a stage is being sent, after it, all at once', async () => {
    const h = new RolloutHarness(options);
    const munich = h.fleet.addMany(10, { region: 'munich' }).map((c) => c.id);
    const berlin = h.fleet.addMany(100, { region: 'berlin' }).map((c) => c.id);
    const id = await h.create(regionRollout(['munich', 'berlin'], { ...wide, soakSeconds: 0 }));
    munich.forEach((car) => h.fleet.set(car, { version: '1.2.4' }));
    // Munich's last outcome starts Berlin; Berlin's first sends are held (500 ms) while the other outcomes come in.
    const probe = concurrencyProbe(h, Infinity);
    const first = munich.map((car) => h.dispatcher.finish(car, 'succeeded'));
    const starting = Promise.all(first.map((o) => h.engine.onOutcome(o)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const early = berlin
      .slice(0, 10)
      .map((car): CarOutcome => ({ carId: car, operation: 'update', version: '1.2.4', result: 'succeeded', message: 'ok' }));
    berlin.slice(0, 10).forEach((car) => h.fleet.set(car, { version: '1.2.4' }));
    const late = Promise.all(early.map((o) => h.engine.onOutcome(o)));
    await starting;
    await late;
    await h.engine.settled();
    probe.stop();

    expect(probe.seen.most).toBe(options.sendConcurrency);
    expect(h.view(id).stages[0].status).toBe('succeeded');
    expect(h.dispatcher.updatedCarIds()).toHaveLength(110);
    // Berlin's cars answered after they were sent (the outcomes waited for the sends): taken, not ignored.
    expect(h.view(id).stages[1].counts).toMatchObject({ succeeded: 10, updating: 90 });
  });

  it('asks about every stale send at once and applies the answers in one commit', async () => {
    const h = new RolloutHarness(options);
    const cars = h.fleet.addMany(100, { region: 'munich' }).map((c) => c.id);
    const id = await h.create(regionRollout(['munich'], wide));
    await h.engine.settled();
    // Half of the outcome events were lost: only the dispatcher knows.
    for (const car of cars.slice(0, 50)) {
      h.dispatcher.finish(car, 'succeeded');
      h.fleet.set(car, { version: '1.2.4' });
    }
    const before = h.repository.commits;
    const probe = concurrencyProbe(h, options.sendConcurrency);

    await h.advance(6);
    probe.stop();

    expect(probe.seen.most).toBe(options.sendConcurrency);
    expect(h.view(id).stages[0].counts).toMatchObject({ soaking: 50, updating: 50 });
    expect(h.repository.commits - before).toBeLessThanOrEqual(2);
  });

  it(`refuses outcomes past ${MAX_WAITING_OUTCOMES} waiting while the engine is busy, then applies the rest`, async () => {
    const h = new RolloutHarness(options);
    const cars = h.fleet.addMany(5, { region: 'munich' }).map((c) => c.id);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    h.dispatcher.delay = () => held;
    const creating = h.create(regionRollout(['munich'], wide));
    await new Promise((resolve) => setTimeout(resolve, 20));

    const strangers = Array.from(
      { length: MAX_WAITING_OUTCOMES - 1 },
      (_, i): CarOutcome => ({ carId: `gone-${i}`, operation: 'update', version: '1.2.4', result: 'succeeded', message: 'ok' }),
    );
    const waiting = strangers.map((o) => h.engine.onOutcome(o));
    h.fleet.set(cars[0], { version: '1.2.4' });
    const own = h.engine.onOutcome({ carId: cars[0], operation: 'update', version: '1.2.4', result: 'succeeded', message: 'ok' });
    await expect(
      h.engine.onOutcome({ carId: cars[1], operation: 'update', version: '1.2.4', result: 'succeeded', message: 'ok' }),
    ).rejects.toMatchObject({ kind: 'busy' });

    release();
    const id = await creating;
    await Promise.all([...waiting, own]);
    expect(h.bucket(id, cars[0])).toBe('soaking');
    expect(h.bucket(id, cars[1])).toBe('updating');
  });

  it('looks for late joiners by id: a pass builds no view of the cars a rollout holds already', async () => {
    const h = new RolloutHarness(options);
    h.fleet.addMany(50, { region: 'munich' });
    const id = await h.create(regionRollout(['munich'], wide));
    await h.engine.settled();
    const views = jest.spyOn(h.fleet, 'cars');
    const car = jest.spyOn(h.fleet, 'car');
    const joiner = h.fleet.add({ region: 'munich' });
    h.fleet.add({ region: 'berlin' });

    await h.advance(1);

    expect(views).not.toHaveBeenCalled();
    expect(car.mock.calls.filter(([carId]) => carId === joiner.id).length).toBeGreaterThan(0);
    expect(h.bucket(id, joiner.id)).toBe('updating');
    expect(h.view(id).stages[0].total).toBe(51);
  });

  it('asks about stale sends without holding outcomes back, and drops an answer an outcome overtook', async () => {
    const h = new RolloutHarness({ ...options, sendTimeoutMs: 20 });
    const [car] = h.fleet.addMany(1, { region: 'munich' }).map((c) => c.id);
    // The send hangs (no answer): the car stays in flight, and the dispatcher has no record of it.
    h.dispatcher.hang = true;
    const id = await h.create(regionRollout(['munich'], wide));
    await h.engine.settled();
    h.dispatcher.hang = false;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    h.dispatcher.delay = () => held;
    h.clock.advance(6_000);
    const ticking = h.engine.tick();

    // The answer ('not-started') is held; the car's outcome comes in meanwhile and is applied at once.
    h.fleet.set(car, { version: '1.2.4' });
    const applied = h.engine.onOutcome({ carId: car, operation: 'update', version: '1.2.4', result: 'succeeded', message: 'ok' });
    const blocked = new Promise((resolve) => setTimeout(() => resolve('blocked'), 1_000));
    expect(await Promise.race([applied, blocked])).toBeUndefined();
    expect(h.bucket(id, car)).toBe('soaking');

    release();
    await ticking;
    expect(h.bucket(id, car)).toBe('soaking');
    expect(h.dispatcher.updatedCarIds()).toEqual([]);
  });

  it('sends a stage of more than sendConcurrency cars in several tasks, applying outcomes that came in between them', async () => {
    const h = new RolloutHarness(options);
    const cars = h.fleet.addMany(120, { region: 'munich' }).map((c) => c.id);
    const id = await h.create(regionRollout(['munich'], wide));
    // The create request answers after the first chunk.
    expect(h.dispatcher.updatedCarIds()).toHaveLength(options.sendConcurrency);

    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let firstOfThird: string | undefined;
    h.dispatcher.delay = async (carId) => {
      if (carId === cars[80]) firstOfThird = h.bucket(id, cars[0]);
      if (carId === cars[40]) await held;
    };
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The second chunk is being sent; the first car's outcome comes in.
    h.fleet.set(cars[0], { version: '1.2.4' });
    const applied = h.engine.onOutcome(h.dispatcher.finish(cars[0], 'succeeded'));
    release();
    await applied;
    await h.engine.settled();

    expect(h.dispatcher.updatedCarIds()).toHaveLength(120);
    expect(firstOfThird).toBe('soaking');
    expect(h.view(id).stages[0].counts).toMatchObject({ soaking: 1, updating: 119 });
  });

  it('stops sending the rest of a stage once a chunk failed it', async () => {
    const h = new RolloutHarness(options);
    const cars = h.fleet.addMany(120, { region: 'munich' }).map((c) => c.id);
    h.dispatcher.refuseNext(cars[3], { accepted: false, reason: 'no such version for this model', retryable: false });

    const id = await h.create(regionRollout(['munich'], wide));
    await h.engine.settled();

    expect(h.view(id).stages[0].status).not.toBe('running');
    expect(h.dispatcher.updatedCarIds()).toHaveLength(options.sendConcurrency - 1);
    expect(h.view(id).stages[0].counts.cancelled).toBe(120 - options.sendConcurrency);
  });
});
