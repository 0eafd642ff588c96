import { desiredState, workloadSpec } from '../../../testing/ankaios-harness';
import { executionState, workloadReport } from '../../../testing/factories';
import { applyAnswer, applyReport, newCarMirror } from './car-mirror';
import type { StateAnswer } from './sdk-state';

const CAR = 'car-1';
const report = (at: string, state = executionState('Running')) =>
  workloadReport(CAR, {
    workloadStates: { nav: { n1: state } },
    health: { nav: 'healthy' },
    at,
  });
const answer = (
  state = executionState('Running'),
  cpuUsage = 10,
): StateAnswer => ({
  desiredState: null,
  workloadStates: { nav: { n1: state } },
  agent: { status: { cpuUsage, freeMemory: 512 }, tags: { region: 'munich' } },
  problems: [],
});

describe('car mirror', () => {
  it('keeps the states and health objects of a report that repeats the last one, and takes a changed one', () => {
    const car = newCarMirror(CAR, { region: 'munich' });
    applyReport(car, report('2026-01-01T00:00:01.000Z'), 1000);
    const { states, health } = car;

    applyReport(car, report('2026-01-01T00:00:11.000Z'), 11_000);
    expect(car.states).toBe(states);
    expect(car.health).toBe(health);
    expect(car.statesAt).toBe(11_000);

    const failed = executionState('Failed', 'ExecFailed');
    applyReport(car, report('2026-01-01T00:00:21.000Z', failed), 21_000);
    expect(car.states).toEqual({ nav: { n1: failed } });
    expect(car.health).toBe(health);
  });

  it('leaves removed instances and workloads without instances out of a report, and keeps the result when it repeats', () => {
    const car = newCarMirror(CAR, { region: 'munich' });
    const withRemoved = (at: string) =>
      workloadReport(CAR, {
        workloadStates: {
          nav: { n1: executionState('Running'), n0: executionState('Removed') },
          old: {},
        },
        health: { nav: 'healthy' },
        at,
      });
    applyReport(car, withRemoved('2026-01-01T00:00:01.000Z'), 1000);
    expect(car.states).toEqual({ nav: { n1: executionState('Running') } });
    const { states } = car;

    applyReport(car, withRemoved('2026-01-01T00:00:11.000Z'), 11_000);
    expect(car.states).toBe(states);
    applyReport(car, report('2026-01-01T00:00:21.000Z'), 21_000);
    expect(car.states).toBe(states);
    const emptyOnly = workloadReport(CAR, {
      workloadStates: { nav: { n1: executionState('Running') }, old: {} },
      health: { nav: 'healthy' },
      at: '2026-01-01T00:00:31.000Z',
    });
    applyReport(car, emptyOnly, 31_000);
    expect(car.states).toBe(states);
  });

  it('keeps the spec of an instance while it is desired or still has a state, and drops it after', () => {
    const car = newCarMirror(CAR, { region: 'munich' });
    const v1 = desiredState({ nav: workloadSpec(CAR, 'registry/nav:1.0') });
    const v2 = desiredState({ nav: workloadSpec(CAR, 'registry/nav:2.0') });
    applyAnswer(
      car,
      { ...answer(), desiredState: v1, workloadStates: {} },
      0,
      1000,
    );
    const [id1] = [...car.desiredIds];
    expect([...car.specs.keys()]).toEqual([id1]);

    const at = (s: number) =>
      `2026-01-01T00:00:${String(s).padStart(2, '0')}.000Z`;
    const reportOf = (
      s: number,
      states: Record<string, ReturnType<typeof executionState>>,
    ) =>
      applyReport(
        car,
        workloadReport(CAR, {
          workloadStates: { nav: states },
          health: {},
          at: at(s),
        }),
        s * 1000,
      );
    reportOf(2, { [id1]: executionState('Running') });
    expect([...car.specs.keys()]).toEqual([id1]);

    // The new version is desired while the old one still stops: both specs stay.
    applyAnswer(
      car,
      {
        ...answer(),
        desiredState: v2,
        workloadStates: { nav: { [id1]: executionState('Stopping') } },
      },
      2500,
      3000,
    );
    const [id2] = [...car.desiredIds];
    expect(id2).not.toBe(id1);
    expect(new Set(car.specs.keys())).toEqual(new Set([id1, id2]));
    reportOf(4, {
      [id1]: executionState('Stopping'),
      [id2]: executionState('Pending', 'Starting'),
    });
    reportOf(5, {
      [id1]: executionState('Stopping'),
      [id2]: executionState('Pending', 'Starting'),
    });
    expect(new Set(car.specs.keys())).toEqual(new Set([id1, id2]));

    // Once the old instance is gone from the states, its spec goes too.
    reportOf(6, {
      [id1]: executionState('Removed'),
      [id2]: executionState('Running'),
    });
    expect([...car.specs.keys()]).toEqual([id2]);
  });

  it('keeps the states and agent objects of a polling answer that repeats the last one, and takes a changed one', () => {
    const car = newCarMirror(CAR, { region: 'munich' });
    applyAnswer(car, answer(), 0, 1000);
    const { states, agent } = car;

    applyAnswer(car, answer(), 30_000, 31_000);
    expect(car.states).toBe(states);
    expect(car.agent).toBe(agent);

    applyAnswer(
      car,
      answer(executionState('Pending', 'Starting'), 55),
      60_000,
      61_000,
    );
    expect(car.states).toEqual({
      nav: { n1: executionState('Pending', 'Starting') },
    });
    expect(car.agent.status.cpuUsage).toBe(55);
  });

  it('drops the health of workloads a polling answer no longer has, and keeps the rest', () => {
    const car = newCarMirror(CAR, { region: 'munich' });
    applyReport(
      car,
      workloadReport(CAR, {
        workloadStates: {
          nav: { n1: executionState('Running') },
          map: { m1: executionState('Running') },
        },
        health: { nav: 'healthy', map: 'unhealthy' },
        at: '2026-01-01T00:00:01.000Z',
      }),
      1000,
    );

    applyAnswer(car, answer(), 2000, 3000);
    expect(car.health).toEqual({ nav: 'healthy' });
  });

  it.each([
    [executionState('Pending', 'StartingFailed'), 'unhealthy'],
    [executionState('Failed', 'ExecFailed'), 'unhealthy'],
    [executionState('Succeeded', 'Ok'), 'healthy'],
    [executionState('Pending', 'Starting'), 'unknown'],
    [executionState('Stopping', 'WaitingToStop'), 'unknown'],
  ])(
    'gives a workload the health its polled state %j implies before the car reports it (%s)',
    (state, expected) => {
      const car = newCarMirror(CAR, { region: 'munich' });
      applyReport(
        car,
        workloadReport(CAR, {
          workloadStates: {
            nav: { n1: executionState('Pending', 'Starting') },
          },
          health: { nav: 'unknown' },
          at: '2026-01-01T00:00:01.000Z',
        }),
        1000,
      );
      applyAnswer(car, answer(state), 2000, 3000);
      expect(car.health).toEqual({ nav: expected });
    },
  );

  it('keeps the reported health of a running workload and of a stale answer', () => {
    const car = newCarMirror(CAR, { region: 'munich' });
    applyReport(car, report('2026-01-01T00:00:01.000Z'), 1000);
    applyAnswer(car, answer(), 2000, 3000);
    expect(car.health).toEqual({ nav: 'healthy' });

    // Sent before the last report arrived: neither its states nor a health derived from them are taken.
    applyReport(car, report('2026-01-01T00:00:05.000Z'), 5000);
    applyAnswer(
      car,
      answer(executionState('Failed', 'ExecFailed')),
      4000,
      6000,
    );
    expect(car.health).toEqual({ nav: 'healthy' });
  });

  it('takes an unhealthy instance over an old one stopping under the same name', () => {
    const car = newCarMirror(CAR, { region: 'munich' });
    applyAnswer(
      car,
      {
        ...answer(),
        workloadStates: {
          nav: {
            old: executionState('Stopping', 'WaitingToStop'),
            n2: executionState('Pending', 'StartingFailed'),
          },
        },
      },
      0,
      1000,
    );
    expect(car.health).toEqual({ nav: 'unhealthy' });
  });
});
