import { SchedulerRegistry } from '@nestjs/schedule';
import { FakeClock } from '../../testing/fake-clock';
import { regionRollout, RolloutHarness } from './testing/rollout-harness';
import { RolloutStartScheduler, timeoutName } from './rollout-start.scheduler';

describe(RolloutStartScheduler.name, () => {
  let registry: SchedulerRegistry;
  let scheduler: RolloutStartScheduler;

  beforeEach(() => {
    registry = new SchedulerRegistry();
    scheduler = new RolloutStartScheduler(
      registry,
      new FakeClock('2026-03-02T10:00:00.000Z'),
    );
  });

  afterEach(() => scheduler.onModuleDestroy());

  it('keeps one timeout per scheduled rollout and drops it once the rollout is no longer scheduled', async () => {
    const h = new RolloutHarness();
    const id = await h.create(regionRollout(['munich']), {
      startAt: '2026-03-02T11:00:00.000Z',
    });
    scheduler.sync(h.engine.get(id));
    scheduler.sync(h.engine.get(id));
    expect(registry.getTimeouts()).toEqual([timeoutName(id)]);

    await h.engine.cancel(id, 'alice');
    scheduler.sync(h.engine.get(id));
    expect(registry.getTimeouts()).toEqual([]);
  });

  it('wakes the engine when the start is due', async () => {
    const h = new RolloutHarness();
    const id = await h.create(regionRollout(['munich']), {
      startAt: '2026-03-02T10:00:00.000Z',
    });
    let woken = 0;
    scheduler.wakeWith(() => woken++);
    // The start is due now: the engine's own tick would also pick it up; the timer only makes it prompt.
    h.engine.get(id).rollout.status = 'scheduled';
    scheduler.sync(h.engine.get(id));
    await new Promise((r) => setTimeout(r, 20));
    expect(woken).toBe(1);
    expect(registry.getTimeouts()).toEqual([]);
  });
});
