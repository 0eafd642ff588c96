import { regionRollout, RolloutHarness } from '../testing/rollout-harness';
import { RolloutEngine } from './rollout-engine';

describe(`${RolloutEngine.name}: vehicle state and reachability`, () => {
  let h: RolloutHarness;

  beforeEach(() => {
    h = new RolloutHarness();
  });

  it('holds a driving car as "waiting: driving" and updates it once it parks', async () => {
    const parked = h.fleet.add({ region: 'munich' });
    const driving = h.fleet.add({ region: 'munich', vehicleState: 'driving' });
    const id = await h.create(regionRollout(['munich']));
    expect(h.dispatcher.updatedCarIds()).toEqual([parked.id]);
    expect(h.bucket(id, driving.id)).toBe('waiting');
    expect(h.reason(id, driving.id)).toBe('waiting: driving');

    await h.advance(60);
    expect(h.dispatcher.sent(driving.id)).toEqual([]);
    h.fleet.set(driving.id, { vehicleState: 'parked' });
    await h.advance(1);
    expect(h.bucket(id, driving.id)).toBe('updating');
    expect(h.dispatcher.sent(driving.id)).toHaveLength(1);
  });

  it('skips a car still driving at the stage deadline, without failing the stage', async () => {
    const parked = h.fleet.add({ region: 'munich' });
    const driving = h.fleet.add({ region: 'munich', vehicleState: 'driving' });
    const id = await h.create(
      regionRollout(['munich'], { stageDeadlineSeconds: 600 }),
    );
    await h.report(parked.id, 'succeeded');
    await h.advance(600);
    expect(h.reason(id, driving.id)).toBe(
      'skipped: the stage deadline passed (driving)',
    );
    expect(h.view(id).stages[0]).toMatchObject({
      status: 'succeeded',
      reason: '1 of 1 cars succeeded',
    });
  });

  it('marks a car that drove off mid-install interrupted, not failed, and resumes it at the next park', async () => {
    const car = h.fleet.add({ region: 'munich' });
    const id = await h.create(regionRollout(['munich']));
    h.fleet.set(car.id, { vehicleState: 'driving' });
    await h.report(
      car.id,
      'interrupted',
      'interrupted: vehicle started driving',
    );
    expect(h.bucket(id, car.id)).toBe('interrupted');
    expect(h.reason(id, car.id)).toBe(
      'interrupted: started driving mid-install; resumes at the next park',
    );
    expect(h.view(id).stages[0].counts.failed).toBe(0);

    await h.advance(30);
    expect(h.bucket(id, car.id)).toBe('interrupted');
    h.fleet.set(car.id, { vehicleState: 'parked' });
    await h.advance(1);
    const sends = h.dispatcher.sent(car.id);
    expect(sends.map((s) => s.ctx.attempt)).toEqual([1, 2]);
    expect(new Set(sends.map((s) => s.ctx.key)).size).toBe(2);
    await h.report(car.id, 'succeeded');
    await h.advance(10);
    expect(h.view(id).status).toBe('completed');
  });

  it('shows an offline car as unreachable, gives it up after its timeout and never counts it as failed', async () => {
    const online = h.fleet.add({ region: 'munich' });
    const offline = h.fleet.add({ region: 'munich', connection: 'offline' });
    const id = await h.create(
      regionRollout(['munich'], { unreachableTimeoutSeconds: 300 }),
    );
    expect(h.bucket(id, offline.id)).toBe('unreachable');
    expect(h.reason(id, offline.id)).toBe('unreachable: the car is offline');
    await h.report(online.id, 'succeeded');
    await h.advance(10);
    expect(h.stageStatus(id, 0)).toBe('running');

    await h.advance(290);
    const record = h.engine.get(id).cars.get(offline.id);
    expect(record).toMatchObject({
      bucket: 'unreachable',
      finished: true,
      reason: 'unreachable: offline for more than 300s',
    });
    expect(h.view(id).stages[0]).toMatchObject({
      status: 'succeeded',
      reason: '1 of 1 cars succeeded, 1 unreachable',
    });
    expect(h.dispatcher.sent(offline.id)).toEqual([]);
  });

  it('updates an offline car that comes back before its timeout', async () => {
    const car = h.fleet.add({ region: 'munich', connection: 'offline' });
    const id = await h.create(
      regionRollout(['munich'], { unreachableTimeoutSeconds: 300 }),
    );
    await h.advance(100);
    h.fleet.set(car.id, { connection: 'online' });
    await h.advance(1);
    expect(h.bucket(id, car.id)).toBe('updating');
  });

  it('pauses a stage whose every car stayed unreachable: no evidence to go on with', async () => {
    h.fleet.add({ region: 'munich', connection: 'offline' });
    h.fleet.add({ region: 'berlin' });
    const id = await h.create(
      regionRollout(['munich', 'berlin'], { unreachableTimeoutSeconds: 60 }),
    );
    await h.advance(60);
    expect(h.view(id)).toMatchObject({
      status: 'paused',
      reason:
        'stage munich: no car could be updated: 1 unreachable; resume to go on with the next stage',
    });
    await h.engine.resume(id, 'alice');
    expect(h.stageStatus(id, 1)).toBe('running');
  });

  it('retries a car that did not answer, with backoff, and gives it up as unreachable when the retries are spent', async () => {
    const car = h.fleet.add({ region: 'munich' });
    const id = await h.create(
      regionRollout(['munich'], {
        maxRetries: 2,
        retryBackoffSeconds: 10,
        onFailure: 'pause',
      }),
    );
    await h.report(car.id, 'unreachable', 'no answer from car-x within 180 s');
    expect(h.reason(id, car.id)).toMatch(
      /^pending: no answer from car-x within 180 s; retry 1\/2 after /,
    );
    await h.advance(9);
    expect(h.dispatcher.sent(car.id)).toHaveLength(1);
    await h.advance(1);
    expect(h.dispatcher.sent(car.id)).toHaveLength(2);
    await h.report(car.id, 'unreachable', 'no answer');
    await h.advance(20);
    expect(h.dispatcher.sent(car.id)).toHaveLength(3);
    await h.report(car.id, 'unreachable', 'no answer');
    expect(h.engine.get(id).cars.get(car.id)).toMatchObject({
      bucket: 'unreachable',
      finished: true,
      reason: 'unreachable: no answer (after 3 tries)',
    });
  });

  it('retries a refused send with backoff and fails the car when a refusal is final', async () => {
    const busy = h.fleet.add({ region: 'munich' });
    const broken = h.fleet.add({ region: 'munich' });
    h.dispatcher.refuseNext(busy.id, {
      accepted: false,
      reason: 'an update is in flight',
      retryable: true,
    });
    h.dispatcher.refuseNext(broken.id, {
      accepted: false,
      reason: 'version 1.2.4 not found',
      retryable: false,
    });
    const id = await h.create(
      regionRollout(['munich'], {
        retryBackoffSeconds: 5,
        successThresholdPct: 50,
        errorThresholdPct: 100,
      }),
    );
    expect(h.reason(id, broken.id)).toBe('failed: version 1.2.4 not found');
    expect(h.bucket(id, busy.id)).toBe('pending');
    await h.advance(5);
    expect(h.bucket(id, busy.id)).toBe('updating');
  });

  it('puts a car back to waiting when the send is refused because it started driving meanwhile', async () => {
    const car = h.fleet.add({ region: 'munich' });
    h.dispatcher.refuseNext(car.id, {
      accepted: false,
      reason: 'car is driving; updates apply only while parked',
      retryable: true,
    });
    h.fleet.set(car.id, { vehicleState: 'driving' });
    const id = await h.create(regionRollout(['munich']), { start: false });
    h.fleet.set(car.id, { vehicleState: 'parked' });
    await h.engine.start(id, 'alice', null);
    // The fake refused as if the car drove off in between; the engine asks the fleet, which says parked again.
    expect(h.engine.get(id).cars.get(car.id)?.failures).toBe(1);
  });
});
