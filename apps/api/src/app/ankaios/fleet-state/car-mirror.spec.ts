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
