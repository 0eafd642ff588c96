import { regionRollout, RolloutHarness } from '../testing/rollout-harness';
import { RolloutEngine } from './rollout-engine';

describe(`${RolloutEngine.name}: emergency stop`, () => {
  let h: RolloutHarness;
  let munich: string[];

  beforeEach(() => {
    h = new RolloutHarness();
    munich = h.fleet.addMany(3, { region: 'munich' }).map((c) => c.id);
    h.fleet.addMany(2, { region: 'berlin' });
  });

  it('freezes: nothing new is sent, in-flight updates finish and soak, nothing advances until resume', async () => {
    const driving = h.fleet.add({ region: 'munich', vehicleState: 'driving' });
    const id = await h.create(regionRollout(['munich', 'berlin']));
    const other = await h.create(regionRollout(['hamburg']), { start: false });
    const [stopped] = [await h.engine.emergencyStop('freeze', 'admin')];
    expect(stopped.map((s) => s.rollout.id)).toEqual([id]);
    expect(h.view(id)).toMatchObject({
      status: 'frozen',
      reason: 'emergency stop (freeze) by admin',
    });
    expect(h.view(other).status).toBe('draft');

    h.fleet.set(driving.id, { vehicleState: 'parked' });
    await h.reportAll(munich, 'succeeded');
    await h.advance(10);
    expect(h.dispatcher.sent(driving.id)).toEqual([]);
    expect(h.view(id).stages[0].counts).toMatchObject({
      succeeded: 3,
      pending: 1,
    });

    await h.engine.resume(id, 'admin');
    expect(h.view(id).status).toBe('running');
    expect(h.dispatcher.sent(driving.id)).toHaveLength(1);
  });

  it('freezes and reverts: every car already updated is rolled back, without approval', async () => {
    const id = await h.create(
      regionRollout(['munich', 'berlin'], {}, { approvals: { revert: true } }),
    );
    await h.report(munich[0], 'succeeded');
    await h.report(munich[1], 'succeeded');
    await h.advance(10);
    await h.engine.emergencyStop('freeze-and-revert', 'admin');
    expect(h.view(id).status).toBe('rolling-back');
    expect(h.dispatcher.sent(munich[0], 'rollback')).toHaveLength(1);
    expect(h.dispatcher.sent(munich[1], 'rollback')).toHaveLength(1);
    // The third was in flight: it finishes, and is then reverted too.
    expect(h.dispatcher.sent(munich[2], 'rollback')).toEqual([]);
    await h.report(munich[2], 'succeeded');
    expect(h.dispatcher.sent(munich[2], 'rollback')).toHaveLength(1);

    await h.reportAll(munich, 'succeeded');
    const view = h.view(id);
    expect(view.status).toBe('rolled-back');
    expect(view.stages.map((s) => s.status)).toEqual(['rolled-back', 'halted']);
    expect(munich.map((c) => h.fleet.car(c)?.version)).toEqual([
      '1.2.3',
      '1.2.3',
      '1.2.3',
    ]);
  });

  it('cancels rollouts that sent nothing yet when freezing and reverting', async () => {
    const id = await h.create(regionRollout(['munich']), {
      startAt: '2026-03-03T00:00:00.000Z',
    });
    await h.engine.emergencyStop('freeze-and-revert', 'admin');
    expect(h.view(id).status).toBe('cancelled');
  });

  it('keeps a stage failure during a freeze from sending rollbacks until resume', async () => {
    const id = await h.create(regionRollout(['munich']));
    await h.report(munich[0], 'succeeded');
    await h.engine.emergencyStop('freeze', 'admin');
    await h.report(munich[1], 'failed');
    expect(h.stageStatus(id, 0)).toBe('rolling-back');
    expect(h.view(id).status).toBe('frozen');
    expect(
      h.dispatcher.calls.filter((c) => c.operation === 'rollback'),
    ).toEqual([]);
    await h.engine.resume(id, 'admin');
    expect(h.view(id).status).toBe('rolling-back');
    expect(h.dispatcher.sent(munich[0], 'rollback')).toHaveLength(1);
  });
});
