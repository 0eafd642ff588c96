import { FleetProviderState } from '@fleet/shared/contracts';
import { flush } from '../../testing/symphony/symphony-harness';
import {
  carBackAfter,
  posts,
  requestUpdate,
  restartedLater,
  UpdatesHarness,
  withParkedCar,
} from '../../testing/updates/resumer-scenarios';
import {
  GAVE_UP_UNSENT,
  RESUME_WINDOW_MS,
  UNSENT_RETRY_MS,
} from './update-resumer.service';
import { SENT_AGAIN } from './update-runner';

/** An API process whose broker connection is down: every COA request is refused before it leaves. */
async function brokerDown(): Promise<UpdatesHarness> {
  const h = await withParkedCar();
  await h.resumer.onApplicationBootstrap();
  h.publisher.isConnected = false;
  return h;
}

const historyOf = async (h: UpdatesHarness) =>
  (await h.updates.historyPage('c1', 1, 10)).items;

describe('An update whose request never left the API (NotSent)', () => {
  it('stays pending, not failed, and is sent again as the same job once the broker is back', async () => {
    const h = await brokerDown();
    const entry = await requestUpdate(h, 'alice');
    await flush(30);

    const [waiting] = await historyOf(h);
    expect(waiting).toMatchObject({
      id: entry.id,
      result: 'pending',
      phase: 'queued',
      coaState: FleetProviderState.NotSent,
    });
    expect(waiting.messages.at(-1)).toBe(
      `could not send the request to car-c1: not connected to the broker; ${SENT_AGAIN}`,
    );
    expect(h.registry.get('c1')?.updateState).not.toBe('failed');
    expect(h.resumer.pendingByReason()).toEqual({
      sent: 0,
      park: 0,
      unsent: 1,
    });

    h.publisher.isConnected = true;
    h.clock.advance(UNSENT_RETRY_MS);
    await flush(30);

    expect(posts(h).map((r) => r.deployment.jobID)).toEqual([entry.jobId]);
    expect(await historyOf(h)).toEqual([
      expect.objectContaining({ id: entry.id, result: 'succeeded' }),
    ]);
    expect(h.registry.get('c1')?.version).toBe('1.2.4');
    expect(h.resumer.pending).toBe(0);
  });

  it(`waits ${UNSENT_RETRY_MS / 1000} s before it sends again, however often the car reports meanwhile, and notes the reason once`, async () => {
    const h = await brokerDown();
    await requestUpdate(h, 'alice');
    await flush(30);

    // Still down at the first retry: pending again, the note not repeated.
    h.clock.advance(UNSENT_RETRY_MS);
    await flush(30);
    const [again] = await historyOf(h);
    expect(again.result).toBe('pending');
    expect(again.messages.filter((m) => m.endsWith(SENT_AGAIN))).toHaveLength(
      1,
    );

    h.publisher.isConnected = true;
    h.registry.setVehicleState('c1', 'driving');
    h.registry.setVehicleState('c1', 'parked');
    await flush(30);
    expect(posts(h)).toEqual([]);

    h.clock.advance(UNSENT_RETRY_MS);
    await flush(30);
    expect(posts(h)).toHaveLength(1);
    expect((await historyOf(h))[0].result).toBe('succeeded');
  });

  it('is left to the rollout when a rollout sent it: recorded with NotSent, never sent again here', async () => {
    const h = await brokerDown();
    await requestUpdate(h, 'rollout:r1');
    await flush(30);
    expect(await historyOf(h)).toEqual([
      expect.objectContaining({
        result: 'failed',
        coaState: FleetProviderState.NotSent,
      }),
    ]);

    h.publisher.isConnected = true;
    h.clock.advance(UNSENT_RETRY_MS);
    await flush(30);
    expect(posts(h)).toEqual([]);
    expect(h.resumer.pending).toBe(0);
  });

  it('ends when a newer update replaces it, and is not sent after it', async () => {
    const h = await brokerDown();
    const first = await requestUpdate(h, 'alice');
    await flush(30);

    h.publisher.isConnected = true;
    const second = await h.updates.request({
      carId: 'c1',
      version: '1.2.3',
      kind: 'rollback',
      actor: 'bob',
    });
    await flush(30);
    h.clock.advance(UNSENT_RETRY_MS);
    await flush(30);

    const history = await historyOf(h);
    expect(history.find((e) => e.id === first.id)).toMatchObject({
      result: 'failed',
      phase: 'finished',
    });
    expect(history.find((e) => e.id === first.id)?.messages.at(-1)).toBe(
      'replaced by the rollback to 1.2.3 before it reached the car',
    );
    expect(history.find((e) => e.id === second.id)?.result).not.toBe('pending');
    expect(posts(h).map((r) => r.deployment.jobID)).not.toContain(first.jobId);
  });

  it('is given up once it has waited 24 h since it was requested, however often it was tried meanwhile', async () => {
    const h = await brokerDown();
    const entry = await requestUpdate(h, 'alice');
    await flush(30);
    const quarter = RESUME_WINDOW_MS / 4;

    // Tried again all day long: each try refused, the entry still pending.
    for (let i = 0; i < 3; i++) {
      h.clock.advance(quarter);
      await flush(30);
    }
    expect(h.publisher.refused.length).toBeGreaterThanOrEqual(4);
    expect((await historyOf(h))[0].result).toBe('pending');

    // The day is over at the first try after it.
    h.clock.advance(quarter);
    await flush(30);
    h.clock.advance(UNSENT_RETRY_MS);
    await flush(30);
    const [ended] = await historyOf(h);
    expect(ended).toMatchObject({
      id: entry.id,
      result: 'failed',
      phase: 'finished',
      coaState: FleetProviderState.NotSent,
    });
    expect(ended.messages.at(-1)).toBe(
      `${GAVE_UP_UNSENT} (waiting since ${entry.requestedAt}); request it again if it is still wanted`,
    );
    expect(h.registry.get('c1')?.updateState).toBe('failed');
    expect(h.resumer.pending).toBe(0);

    // Never sent afterwards, however the car and the broker come back.
    const tries = h.publisher.refused.length;
    h.publisher.isConnected = true;
    h.registry.setVehicleState('c1', 'driving');
    h.registry.setVehicleState('c1', 'parked');
    h.clock.advance(UNSENT_RETRY_MS * 3);
    await flush(30);
    expect(posts(h)).toEqual([]);
    expect(h.publisher.refused).toHaveLength(tries);
    expect((await historyOf(h))[0].result).toBe('failed');
  });
  it('is given up 24 h after it was requested across a restart, saying it never reached the car', async () => {
    const h = await brokerDown();
    const entry = await requestUpdate(h, 'alice');
    await flush(30);

    // The API stops with the entry still waiting; it starts again 23 h later, then the car comes 2 h after that.
    const restarted = await restartedLater(h, RESUME_WINDOW_MS - 3600_000);
    expect(restarted.resumer.pending).toBe(1);
    await carBackAfter(restarted, 2 * 3600_000);
    await flush(30);

    expect(posts(restarted)).toEqual([]);
    const [ended] = await historyOf(restarted);
    expect(ended).toMatchObject({ id: entry.id, result: 'failed' });
    expect(ended.messages.at(-1)).toBe(
      `${GAVE_UP_UNSENT} (waiting since ${entry.requestedAt}); request it again if it is still wanted`,
    );
  });
});
