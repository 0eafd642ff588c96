import { regionRollout, RolloutHarness } from '../testing/rollout-harness';
import { RolloutEngine } from './rollout-engine';

describe(`${RolloutEngine.name}: scheduled starts and maintenance windows`, () => {
  let h: RolloutHarness;

  beforeEach(() => {
    h = new RolloutHarness();
  });

  it('starts a scheduled rollout at its time and not before', async () => {
    const car = h.fleet.add({ region: 'munich' });
    const id = await h.create(regionRollout(['munich']), {
      startAt: '2026-03-02T12:00:00.000Z',
    });
    expect(h.view(id)).toMatchObject({
      status: 'scheduled',
      reason: 'starts at 2026-03-02T12:00:00.000Z',
      startedAt: null,
    });
    await h.advance(2 * 3600 - 1);
    expect(h.dispatcher.sent(car.id)).toEqual([]);
    await h.advance(1);
    expect(h.view(id)).toMatchObject({
      status: 'running',
      startedAt: '2026-03-02T12:00:00.000Z',
    });
    expect(h.dispatcher.sent(car.id)).toHaveLength(1);
  });

  it('keeps a scheduled start across a restart', async () => {
    h.fleet.add({ region: 'munich' });
    const id = await h.create(regionRollout(['munich']), {
      startAt: '2026-03-02T11:00:00.000Z',
    });
    await h.restart();
    expect(h.view(id).status).toBe('scheduled');
    await h.advance(3600);
    expect(h.view(id).status).toBe('running');
  });

  it("sends only inside each region's window, in that region's own time zone", async () => {
    const munich = h.fleet.add({ region: 'munich' });
    const la = h.fleet.add({ region: 'los-angeles' });
    // At T0 (10:00 UTC) it is 11:00 in Munich and 02:00 in Los Angeles.
    const id = await h.create({
      version: '1.2.4',
      stages: [{ name: 'all', selector: { model: 'atlas-sedan' } }],
      policy: { stageDeadlineSeconds: 86_400 },
      maintenanceWindows: [
        {
          region: 'munich',
          timeZone: 'Europe/Berlin',
          start: '22:00',
          end: '04:00',
        },
        {
          region: 'los-angeles',
          timeZone: 'America/Los_Angeles',
          start: '01:00',
          end: '05:00',
        },
      ],
    });
    expect(h.dispatcher.updatedCarIds()).toEqual([la.id]);
    expect(h.reason(id, munich.id)).toBe(
      'waiting: outside the maintenance window 22:00-04:00 Europe/Berlin',
    );
    await h.report(la.id, 'succeeded');

    await h.advance(10 * 3600 + 59 * 60); // 21:59 in Munich
    expect(h.dispatcher.sent(munich.id)).toEqual([]);
    await h.advance(60);
    expect(h.dispatcher.sent(munich.id)).toHaveLength(1);
  });

  it('does not hold back rollbacks for a maintenance window', async () => {
    const car = h.fleet.add({ region: 'munich' });
    const other = h.fleet.add({ region: 'munich' });
    const id = await h.create({
      ...regionRollout(['munich']),
      maintenanceWindows: [
        {
          region: 'munich',
          timeZone: 'Europe/Berlin',
          start: '11:00',
          end: '11:30',
        },
      ],
    });
    await h.report(car.id, 'succeeded');
    await h.advance(3600);
    await h.report(other.id, 'failed');
    expect(h.bucket(id, car.id)).toBe('rolling-back');
  });
});
