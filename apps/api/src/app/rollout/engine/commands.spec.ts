import { regionRollout, RolloutHarness } from '../testing/rollout-harness';
import { RolloutError } from './errors';
import { RolloutEngine } from './rollout-engine';

describe(`${RolloutEngine.name}: operations`, () => {
  let h: RolloutHarness;
  let munich: string[];
  let berlin: string[];

  beforeEach(() => {
    h = new RolloutHarness();
    munich = h.fleet.addMany(3, { region: 'munich' }).map((c) => c.id);
    berlin = h.fleet.addMany(2, { region: 'berlin' }).map((c) => c.id);
  });

  it('creates a draft that sends nothing until started', async () => {
    const id = await h.create(regionRollout(['munich']), { start: false });
    expect(h.view(id)).toMatchObject({
      status: 'draft',
      createdBy: 'alice',
      currentStage: null,
    });
    expect(h.dispatcher.calls).toEqual([]);
    await h.engine.start(id, 'alice', null);
    expect(h.view(id)).toMatchObject({ status: 'running', currentStage: 0 });
    await expect(h.engine.start(id, 'alice', null)).rejects.toMatchObject({
      kind: 'conflict',
    });
  });

  it('refuses a version the update store does not know', async () => {
    await expect(
      h.create({ ...regionRollout(['munich']), version: '9.9.9' }),
    ).rejects.toEqual(new RolloutError('not-found', 'version 9.9.9 not found'));
  });

  it('pauses (nothing new is sent) and resumes', async () => {
    const late = h.fleet.add({ region: 'munich', vehicleState: 'driving' });
    const id = await h.create(regionRollout(['munich']));
    await h.engine.pause(id, 'bob');
    expect(h.view(id)).toMatchObject({
      status: 'paused',
      reason: 'paused by bob',
    });
    h.fleet.set(late.id, { vehicleState: 'parked' });
    await h.advance(1);
    expect(h.dispatcher.sent(late.id)).toEqual([]);
    await expect(h.engine.pause(id, 'bob')).rejects.toMatchObject({
      kind: 'conflict',
    });
    await h.engine.resume(id, 'bob');
    expect(h.dispatcher.sent(late.id)).toHaveLength(1);
    await expect(h.engine.resume(id, 'bob')).rejects.toMatchObject({
      kind: 'conflict',
    });
  });

  it('starts the next stage on demand, while the current one still runs', async () => {
    const id = await h.create(regionRollout(['munich', 'berlin']));
    await h.engine.nextStage(id, 'bob');
    expect(h.view(id).stages.map((s) => s.status)).toEqual([
      'running',
      'running',
    ]);
    expect(h.dispatcher.updatedCarIds()).toHaveLength(5);
    await expect(h.engine.nextStage(id, 'bob')).rejects.toThrow(
      'no stage is left to start',
    );
  });

  it('cancels: unsent cars are cancelled, in-flight ones still get their result', async () => {
    const driving = h.fleet.add({ region: 'munich', vehicleState: 'driving' });
    const id = await h.create(regionRollout(['munich', 'berlin']));
    await h.engine.cancel(id, 'bob');
    expect(h.view(id)).toMatchObject({
      status: 'cancelled',
      reason: 'cancelled by bob',
    });
    expect(h.view(id).stages.map((s) => s.status)).toEqual([
      'cancelled',
      'cancelled',
    ]);
    expect(h.reason(id, driving.id)).toBe(
      'cancelled: the rollout was cancelled by bob',
    );
    await h.report(munich[0], 'succeeded');
    await h.advance(10);
    expect(h.bucket(id, munich[0])).toBe('succeeded');
    await expect(h.engine.cancel(id, 'bob')).rejects.toMatchObject({
      kind: 'conflict',
    });
  });

  it('rolls the whole rollout back, every stage that sent something', async () => {
    const id = await h.create(regionRollout(['munich', 'berlin']));
    await h.reportAll(munich, 'succeeded');
    await h.advance(10);
    await h.reportAll(berlin, 'succeeded');
    await h.advance(10);
    expect(h.view(id).status).toBe('completed');

    await h.engine.rollback(id, 'bob');
    expect(h.view(id).status).toBe('rolling-back');
    expect(
      h.dispatcher.calls.filter((c) => c.operation === 'rollback'),
    ).toHaveLength(5);
    await h.reportAll([...munich, ...berlin], 'succeeded');
    expect(h.view(id)).toMatchObject({
      status: 'rolled-back',
      reason: 'rolled back by bob; 5 car(s) rolled back',
    });
    await expect(h.engine.rollback(id, 'bob')).rejects.toMatchObject({
      kind: 'conflict',
    });
  });

  it('rolls back a car that is driving once it parks', async () => {
    const id = await h.create(regionRollout(['munich']));
    await h.reportAll(munich, 'succeeded');
    h.fleet.set(munich[0], { vehicleState: 'driving' });
    await h.engine.rollback(id, 'bob');
    expect(h.reason(id, munich[0])).toBe('rollback waits: driving');
    h.fleet.set(munich[0], { vehicleState: 'parked' });
    await h.advance(1);
    expect(h.bucket(id, munich[0])).toBe('rolling-back');
  });

  it('needs a second user to approve the start', async () => {
    const id = await h.create(
      regionRollout(['munich'], {}, { approvals: { start: true } }),
    );
    expect(h.view(id)).toMatchObject({
      status: 'awaiting-approval',
      pendingApproval: { action: 'start', requestedBy: 'alice' },
    });
    expect(h.dispatcher.calls).toEqual([]);
    await expect(h.engine.approve(id, 'alice')).rejects.toMatchObject({
      kind: 'forbidden',
    });
    await h.engine.approve(id, 'carol');
    expect(h.view(id)).toMatchObject({
      status: 'running',
      approvedBy: 'carol',
      pendingApproval: null,
    });
    expect(h.dispatcher.calls).toHaveLength(3);
    await expect(h.engine.approve(id, 'carol')).rejects.toThrow(
      'nothing waits for approval',
    );
  });

  it('needs a second user to approve a requested revert; resume declines it', async () => {
    const id = await h.create(
      regionRollout(['munich'], {}, { approvals: { revert: true } }),
    );
    await h.engine.rollback(id, 'bob');
    expect(h.view(id)).toMatchObject({
      status: 'awaiting-approval',
      pendingApproval: { action: 'rollback', requestedBy: 'bob' },
    });
    await expect(h.engine.approve(id, 'bob')).rejects.toMatchObject({
      kind: 'forbidden',
    });
    await h.engine.resume(id, 'carol');
    expect(h.view(id).status).toBe('running');
    await h.engine.rollback(id, 'bob');
    await h.engine.approve(id, 'carol');
    expect(h.view(id).status).toBe('rolling-back');
  });

  it('keeps to the concurrency and per-minute limits of a stage', async () => {
    const many = h.fleet.addMany(10, { region: 'hamburg' }).map((c) => c.id);
    const id = await h.create(
      regionRollout(['hamburg'], { maxConcurrent: 3, maxPerMinute: 4 }),
    );
    expect(h.view(id).stages[0].counts).toMatchObject({
      updating: 3,
      pending: 7,
    });
    await h.reportAll(h.dispatcher.updatedCarIds(), 'succeeded');
    await h.advance(1);
    expect(h.dispatcher.updatedCarIds()).toHaveLength(4);
    await h.advance(59);
    expect(h.dispatcher.updatedCarIds()).toHaveLength(6);
    expect(many).toHaveLength(10);
  });

  it('does not put a car in two live rollouts at once', async () => {
    const first = await h.create(regionRollout(['munich']));
    const second = await h.create(regionRollout(['munich']));
    expect(h.reason(second, munich[0])).toBe(
      `skipped: already part of rollout ${first}`,
    );
  });

  it('previews each stage against the fleet as it is now', async () => {
    h.fleet.set(munich[0], { vehicleState: 'driving' });
    h.fleet.set(munich[1], { connection: 'offline' });
    h.fleet.add({ region: 'berlin', model: 'atlas-van' });
    h.fleet.add({ region: 'hamburg' });
    const preview = await h.engine.preview(regionRollout(['munich', 'berlin']));
    expect(preview.stages).toEqual([
      expect.objectContaining({
        name: 'munich',
        total: 3,
        eligible: 1,
        waiting: 1,
        unreachable: 1,
        incompatible: 0,
      }),
      expect.objectContaining({
        name: 'berlin',
        total: 3,
        eligible: 2,
        waiting: 0,
        unreachable: 0,
        incompatible: 1,
      }),
    ]);
    expect(preview.stages[0].reasons).toEqual({
      [munich[0]]: 'waiting: driving',
      [munich[1]]: 'unreachable: the car is offline',
    });
    expect(preview.unassigned).toBe(1);
    expect(h.engine.list()).toEqual([]);
  });
});
