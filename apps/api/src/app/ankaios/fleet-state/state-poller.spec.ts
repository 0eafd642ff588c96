import { FleetConnectorTopics } from '@fleet/shared/contracts';
import {
  ankaiosHarness,
  desiredState,
  running,
  sdkAnswer,
  workloadSpec,
} from '../../../testing/ankaios-harness';
import { settle } from '../../../testing/cars-harness';
import { executionState, workloadReport } from '../../../testing/factories';
import { STATE_TIMEOUT_MS } from '../fleet-connector/fleet-connector.client';
import {
  MAX_POLLS_IN_FLIGHT,
  POLL_INTERVAL_MS,
  POLL_TICK_MS,
  RESCAN_EVERY_TICKS,
  StatePoller,
  nextPollAt,
  phaseOf,
} from './state-poller';

const CAR = 'car-1';

async function setup(cars = [CAR]) {
  const h = ankaiosHarness();
  for (const id of cars) await h.onlineCar(id);
  h.poller.onModuleInit();
  const requests = () =>
    h.textPublisher.published.filter((p) => p.topic.endsWith('/state/req'));
  const answer = async (id: string, states = { nav: { n1: running() } }) => {
    const desired = desiredState({ nav: workloadSpec(id, 'registry/nav:1.0') });
    h.client.takeStateAnswer(id, sdkAnswer(id, desired, states));
    await settle();
  };
  return { ...h, requests, answer };
}

describe(StatePoller.name, () => {
  it('asks a car that said hello at the next tick, then about every 30 s', async () => {
    const { poller, clock, requests, answer } = await setup();
    poller.pollSoon(CAR);

    clock.advance(POLL_TICK_MS);
    expect(requests()).toEqual([
      {
        topic: FleetConnectorTopics.stateRequest(CAR),
        payload: [],
        retain: false,
      },
    ]);
    await answer(CAR);

    // The next one at the car's slot of the cycle, the first tick at or after it; then every 30 s.
    const now = () => clock.now().getTime();
    const second = nextPollAt(CAR, now());
    expect(second - now()).toBeGreaterThanOrEqual(POLL_INTERVAL_MS / 2);
    expect(second - now()).toBeLessThan(POLL_INTERVAL_MS * 1.5);
    expect(second % POLL_INTERVAL_MS).toBe(phaseOf(CAR));
    clock.advance(second - now() - 1);
    expect(requests()).toHaveLength(1);
    clock.advance(POLL_TICK_MS + 1);
    expect(requests()).toHaveLength(2);
    await answer(CAR);
    clock.advance(POLL_INTERVAL_MS);
    expect(requests()).toHaveLength(3);
  });

  it('spreads cars asked together (all said hello at once) over the cycle from their second poll on', async () => {
    const ids = Array.from({ length: 200 }, (_, i) => `car-${i}`);
    const { poller, clock, requests, answer } = await setup(ids);
    const asked = new Map<string, number[]>();
    let answered = 0;
    /** Every open request answered at once (a freed slot asks the next due car at once, so repeat). */
    const answerAll = async () => {
      while (answered < requests().length) {
        const id = requests()[answered++].topic.split('/')[1];
        asked.set(id, [...(asked.get(id) ?? []), clock.now().getTime()]);
        await answer(id);
      }
    };
    for (const id of ids) poller.pollSoon(id);
    for (let tick = 0; tick < (2 * POLL_INTERVAL_MS) / POLL_TICK_MS; tick++) {
      clock.advance(POLL_TICK_MS);
      await answerAll();
    }

    // The first round: every car at the first tick.
    const first = ids.map((id) => asked.get(id)?.[0] ?? NaN);
    expect(new Set(first).size).toBe(1);
    // The second: spread over the 30 s (no 5 s window holds a third of the cars; all of them were in one).
    const second = ids.map((id) => asked.get(id)?.[1] ?? NaN);
    expect(second.every(Number.isFinite)).toBe(true);
    const windows = new Map<number, number>();
    for (const t of second) {
      const w = Math.floor(t / 5_000);
      windows.set(w, (windows.get(w) ?? 0) + 1);
    }
    expect(Math.max(...windows.values())).toBeLessThan(ids.length / 3);
    // Each at the first tick at or after its slot.
    for (const id of ids)
      expect(asked.get(id)?.[1]).toBe(
        Math.ceil(nextPollAt(id, first[0]) / POLL_TICK_MS) * POLL_TICK_MS,
      );
  });

  it('spreads cars first seen together over the interval', async () => {
    const ids = ['car-a', 'car-b', 'car-c', 'car-d'];
    const { clock, requests } = await setup(ids);
    const firstSeen = POLL_TICK_MS;
    const tickAfter = (t: number) => Math.ceil(t / POLL_TICK_MS) * POLL_TICK_MS;
    const firstDue = tickAfter(
      Math.min(...ids.map((id) => firstSeen + phaseOf(id))),
    );

    clock.advance(firstDue);

    const asked = requests().map((r) => r.topic.split('/')[1]);
    expect(asked).toEqual(
      ids.filter((id) => firstSeen + phaseOf(id) <= firstDue),
    );
    expect(asked.length).toBeLessThan(ids.length);
    clock.advance(POLL_INTERVAL_MS);
    expect(requests()).toHaveLength(ids.length);
  });

  it('heals a lost report: the answer replaces the stale workload states', async () => {
    const { poller, clock, mirror, answer } = await setup();
    mirror.applyReport(
      CAR,
      workloadReport(CAR, { workloadStates: { nav: { n1: running() } } }),
    );
    // The car's next report (nav failed) is lost on the way.
    poller.pollSoon(CAR);
    clock.advance(POLL_TICK_MS);

    await answer(CAR, { nav: { n1: executionState('Failed', 'ExecFailed') } });

    expect(mirror.carState(CAR)?.workloadStates[CAR]).toEqual({
      nav: { n1: executionState('Failed', 'ExecFailed') },
    });
    expect(mirror.desiredState(CAR)?.workloads['nav']).toBeDefined();
  });

  it('keeps at most 16 requests open and gives a freed slot to the next due car at once', async () => {
    const ids = Array.from(
      { length: MAX_POLLS_IN_FLIGHT + 4 },
      (_, i) => `car-${i}`,
    );
    const { poller, clock, requests, answer } = await setup(ids);
    ids.forEach((id) => poller.pollSoon(id));

    clock.advance(POLL_TICK_MS);
    expect(requests()).toHaveLength(MAX_POLLS_IN_FLIGHT);
    expect(poller.pollsInFlight).toBe(MAX_POLLS_IN_FLIGHT);

    const first = requests()[0].topic.split('/')[1];
    await answer(first);
    expect(requests()).toHaveLength(MAX_POLLS_IN_FLIGHT + 1);
  });

  it('gives up on a car that does not answer within 10 s and asks again next cycle', async () => {
    const { poller, clock, requests } = await setup();
    poller.pollSoon(CAR);
    clock.advance(POLL_TICK_MS);

    clock.advance(STATE_TIMEOUT_MS);
    await settle();
    expect(poller.pollsInFlight).toBe(0);

    clock.advance(
      nextPollAt(CAR, clock.now().getTime()) -
        clock.now().getTime() +
        POLL_TICK_MS,
    );
    expect(requests()).toHaveLength(2);
  });

  it('does not ask cars whose agent is not connected', async () => {
    const { poller, clock, requests, offline } = await setup();
    offline(CAR);
    poller.pollSoon(CAR);

    clock.advance(POLL_INTERVAL_MS * 2);

    expect(requests()).toEqual([]);
  });

  it('walks the connected cars once per rescan, not at every tick, and still asks each car every cycle', async () => {
    const ids = ['car-a', 'car-b', 'car-c'];
    const { clock, mirror, requests, answer } = await setup(ids);
    const walk = jest.spyOn(mirror, 'connectedIds');
    const asked = new Map<string, number>();
    const answerAll = async () => {
      for (const r of requests().slice(
        [...asked.values()].reduce((a, b) => a + b, 0),
      )) {
        const id = r.topic.split('/')[1];
        asked.set(id, (asked.get(id) ?? 0) + 1);
        await answer(id);
      }
    };

    for (let t = 0; t < 3 * RESCAN_EVERY_TICKS; t++) {
      clock.advance(POLL_TICK_MS);
      await answerAll();
    }

    // The first tick scans, then every RESCAN_EVERY_TICKS-th: 3 walks in 90 ticks, where there were 90.
    expect(walk).toHaveBeenCalledTimes(3);
    // 90 s: every car asked in each 30 s cycle (its phase, then every 30-33 s).
    for (const id of ids) expect(asked.get(id)).toBeGreaterThanOrEqual(2);
  });

  it('asks a car that connected without a hello after the next rescan', async () => {
    const { clock, requests, onlineCar } = await setup();
    clock.advance(POLL_TICK_MS);
    await onlineCar('late');

    clock.advance(POLL_TICK_MS * RESCAN_EVERY_TICKS + POLL_INTERVAL_MS);

    expect(requests().map((r) => r.topic.split('/')[1])).toContain('late');
  });

  it('stops its timer on shutdown', async () => {
    const { poller, clock } = await setup();
    poller.onModuleDestroy();
    expect(clock.pendingTimers).toBe(0);
  });
});
