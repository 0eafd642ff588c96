import { ankaiosHarness } from '../../../testing/ankaios-harness';
import type { LeaseService } from '../../cluster/lease.service';
import { POLL_INTERVAL_MS, POLL_TICK_MS, StatePoller } from './state-poller';

/** Several replicas: only the lease holder sends `state/req`; every replica's mirror takes the reports. */
describe(`${StatePoller.name} with several replicas`, () => {
  async function setup(leader: boolean) {
    const h = ankaiosHarness();
    await h.onlineCar('car-1');
    await h.onlineCar('car-2');
    const lease = { isLeader: leader };
    const poller = new StatePoller(
      h.mirror,
      h.client,
      h.clock,
      lease as unknown as LeaseService,
    );
    poller.onModuleInit();
    const requests = () =>
      h.textPublisher.published.filter((p) => p.topic.endsWith('/state/req'));
    return { ...h, poller, lease, requests };
  }

  it('a follower never asks the cars, not even one that just said hello', async () => {
    const { poller, clock, requests } = await setup(false);
    poller.pollSoon('car-1');

    clock.advance(POLL_INTERVAL_MS * 3);

    expect(requests()).toEqual([]);
    expect(poller.pollsInFlight).toBe(0);
    poller.onModuleDestroy();
  });

  it('the leader asks every connected car; a follower that takes the lease starts asking', async () => {
    const { poller, clock, requests, lease } = await setup(false);
    clock.advance(POLL_INTERVAL_MS);
    expect(requests()).toEqual([]);

    lease.isLeader = true;
    clock.advance(POLL_INTERVAL_MS + POLL_TICK_MS);

    expect(new Set(requests().map((r) => r.topic.split('/')[1]))).toEqual(
      new Set(['car-1', 'car-2']),
    );
    poller.onModuleDestroy();
  });

  it('a leader that loses the lease stops asking', async () => {
    const { poller, clock, requests, lease } = await setup(true);
    clock.advance(POLL_INTERVAL_MS + POLL_TICK_MS);
    const asked = requests().length;
    expect(asked).toBeGreaterThan(0);

    lease.isLeader = false;
    clock.advance(POLL_INTERVAL_MS * 3);

    expect(requests()).toHaveLength(asked);
    poller.onModuleDestroy();
  });
});
