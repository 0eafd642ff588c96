import { regionRollout, RolloutHarness } from '../testing/rollout-harness';
import { RolloutEngine } from './rollout-engine';

describe(`${RolloutEngine.name}: a failed stage`, () => {
  let h: RolloutHarness;
  let munich: string[];
  let berlin: string[];

  beforeEach(() => {
    h = new RolloutHarness();
    munich = h.fleet.addMany(4, { region: 'munich' }).map((c) => c.id);
    berlin = h.fleet.addMany(2, { region: 'berlin' }).map((c) => c.id);
  });

  it('rolls back Munich past the error threshold and never touches Berlin', async () => {
    const id = await h.create(
      regionRollout(['munich', 'berlin'], {
        successThresholdPct: 50,
        errorThresholdPct: 50,
        errorMinSample: 2,
      }),
    );
    await h.report(munich[0], 'succeeded');
    await h.report(munich[1], 'failed', 'telematics: Failed(ExecFailed)');
    expect(h.stageStatus(id, 0)).toBe('running');

    await h.report(munich[2], 'failed', 'telematics: Failed(ExecFailed)');
    expect(h.stageStatus(id, 0)).toBe('rolling-back');
    expect(h.view(id).status).toBe('rolling-back');
    expect(h.view(id).stages[0].reason).toBe(
      '2 of 3 cars with a result failed (error threshold 50%)',
    );
    // Only the car that runs the new version is reverted, to the version it ran before.
    expect(
      h.dispatcher.sent(munich[0], 'rollback').map((c) => c.version),
    ).toEqual(['1.2.3']);
    expect(h.dispatcher.sent(munich[1], 'rollback')).toEqual([]);

    await h.report(munich[3], 'succeeded');
    expect(h.dispatcher.sent(munich[3], 'rollback')).toHaveLength(1);
    await h.report(munich[0], 'succeeded');
    await h.report(munich[3], 'succeeded');

    const view = h.view(id);
    expect(view.status).toBe('failed');
    expect(view.reason).toBe(
      'stage munich failed: 2 of 3 cars with a result failed (error threshold 50%); 2 car(s) rolled back',
    );
    expect(view.stages.map((s) => s.status)).toEqual(['rolled-back', 'halted']);
    expect(view.stages[0].counts).toMatchObject({
      'rolled-back': 2,
      failed: 2,
    });
    expect(h.fleet.car(munich[0])?.version).toBe('1.2.3');
    for (const car of berlin) expect(h.dispatcher.sent(car)).toEqual([]);
  });

  it('fails at the first failure with the defaults (all must succeed) and rolls back the soaking cars', async () => {
    const id = await h.create(regionRollout(['munich', 'berlin']));
    await h.report(munich[0], 'succeeded');
    await h.report(munich[1], 'failed');
    expect(h.view(id).stages[0].reason).toBe(
      '1 of 2 cars with a result failed (error threshold 0%)',
    );
    expect(h.bucket(id, munich[0])).toBe('rolling-back');
    expect(h.bucket(id, munich[1])).toBe('failed');
  });

  it('reverts a car that failed its soak on the new version', async () => {
    const id = await h.create(regionRollout(['munich'], { soakSeconds: 60 }));
    await h.report(munich[0], 'succeeded');
    h.fleet.set(munich[0], { health: 'unhealthy' });
    await h.advance(1);
    expect(h.bucket(id, munich[0])).toBe('rolling-back');
  });

  it('pauses instead when the stage says so, and goes on with Berlin on resume', async () => {
    const id = await h.create(
      regionRollout(['munich', 'berlin'], { onFailure: 'pause' }),
    );
    await h.report(munich[0], 'failed');
    expect(h.view(id)).toMatchObject({
      status: 'paused',
      reason:
        'stage munich failed: 1 of 1 cars with a result failed (error threshold 0%); paused',
    });
    expect(
      h.dispatcher.calls.filter((c) => c.operation === 'rollback'),
    ).toEqual([]);
    // The stage's unsent cars are not sent any more; those in flight finish.
    await h.reportAll(munich.slice(1), 'succeeded');
    await h.advance(10);
    expect(h.view(id).stages[0].counts).toMatchObject({
      failed: 1,
      succeeded: 3,
    });
    expect(h.dispatcher.sent(berlin[0])).toEqual([]);

    await h.engine.resume(id, 'bob');
    expect(h.stageStatus(id, 1)).toBe('running');
    expect(h.dispatcher.sent(berlin[0])).toHaveLength(1);
  });

  it('goes straight on with Berlin when the stage says continue', async () => {
    const id = await h.create(
      regionRollout(['munich', 'berlin'], { onFailure: 'continue' }),
    );
    await h.report(munich[0], 'failed');
    expect(h.stageStatus(id, 0)).toBe('failed');
    expect(h.stageStatus(id, 1)).toBe('running');
  });

  it('waits for approval before reverting when the rollout requires it', async () => {
    const id = await h.create(
      regionRollout(['munich'], {}, { approvals: { revert: true } }),
    );
    await h.report(munich[0], 'succeeded');
    await h.report(munich[1], 'failed');
    expect(h.view(id)).toMatchObject({
      status: 'awaiting-approval',
      pendingApproval: { action: 'rollback', stageIndex: 0 },
    });
    expect(h.dispatcher.sent(munich[0], 'rollback')).toEqual([]);

    await h.engine.approve(id, 'carol');
    expect(h.view(id)).toMatchObject({
      status: 'rolling-back',
      approvedBy: 'carol',
    });
    expect(h.dispatcher.sent(munich[0], 'rollback')).toHaveLength(1);
  });

  it('succeeds a stage that reaches its success threshold although some cars failed', async () => {
    const id = await h.create(
      regionRollout(['munich'], {
        successThresholdPct: 75,
        errorThresholdPct: 50,
      }),
    );
    await h.reportAll(munich.slice(0, 3), 'succeeded');
    await h.report(munich[3], 'failed');
    await h.advance(10);
    expect(h.view(id).stages[0]).toMatchObject({
      status: 'succeeded',
      reason: '3 of 4 cars succeeded',
    });
  });

  it('fails a stage as soon as its success threshold is out of reach', async () => {
    const id = await h.create(
      regionRollout(['munich'], {
        successThresholdPct: 75,
        errorThresholdPct: 100,
        onFailure: 'pause',
      }),
    );
    await h.report(munich[0], 'failed');
    expect(h.stageStatus(id, 0)).toBe('running');
    await h.report(munich[1], 'failed');
    expect(h.view(id).stages[0].reason).toBe(
      'at most 2 of 4 cars can still succeed (success threshold 75%)',
    );
  });

  it('fails a car whose install never reports back within the in-progress timeout', async () => {
    const id = await h.create(
      regionRollout(['munich'], {
        inProgressTimeoutSeconds: 120,
        onFailure: 'pause',
      }),
    );
    await h.advance(119);
    expect(h.bucket(id, munich[0])).toBe('updating');
    await h.advance(1);
    expect(h.reason(id, munich[0])).toBe('failed: no result within 120s');
  });
});
