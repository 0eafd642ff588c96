import type { RolloutProgress } from '@fleet/shared/contracts';
import type { RealtimeGateway } from '../realtime/realtime.gateway';
import { FakeClock } from '../../testing/fake-clock';
import { regionRollout, RolloutHarness } from './testing/rollout-harness';
import {
  PROGRESS_INTERVAL_MS,
  RolloutProgressPublisher,
} from './rollout-progress.publisher';

describe(RolloutProgressPublisher.name, () => {
  it('sends at once, then at most one event per interval per rollout, with the latest counters', async () => {
    const h = new RolloutHarness();
    const cars = h.fleet.addMany(3, { region: 'munich' }).map((c) => c.id);
    const clock = new FakeClock();
    const sent: RolloutProgress[] = [];
    const gateway = {
      send: (_event: string, payload: RolloutProgress) => sent.push(payload),
    } as unknown as RealtimeGateway;
    const publisher = new RolloutProgressPublisher(gateway, clock);
    h.engine.onChange((state) => publisher.changed(state));

    await h.create(regionRollout(['munich']));
    expect(sent).toHaveLength(1);
    await h.reportAll(cars, 'succeeded');
    expect(sent).toHaveLength(1);

    clock.advance(PROGRESS_INTERVAL_MS);
    expect(sent).toHaveLength(2);
    expect(sent[1].stages[0]).toMatchObject({
      name: 'munich',
      total: 3,
      counts: expect.objectContaining({ soaking: 3, updating: 0 }),
    });
    clock.advance(PROGRESS_INTERVAL_MS * 4);
    expect(sent).toHaveLength(2);
  });
});
