import {
  decideRestart,
  EXIT_NAME_TAKEN,
  NAME_TAKEN_RETRIES,
  nameTakenRetryDelayMs,
  restartDelayMs,
} from './restart-policy';

const WINDOW = 600_000;

describe(restartDelayMs.name, () => {
  it('doubles from 1 s and caps at 30 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 40].map(restartDelayMs)).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });
});

describe(decideRestart.name, () => {
  it('restarts while fewer restarts than the limit fall inside the window', () => {
    expect(decideRestart(1, [0, 1000], 2000, 5, WINDOW)).toEqual({
      restart: true,
      delayMs: 4000,
    });
  });

  it('forgets restarts older than the window', () => {
    expect(decideRestart(1, [0, 1, 2, 3, 4], WINDOW + 10, 5, WINDOW)).toEqual({
      restart: true,
      delayMs: 1000,
    });
  });

  it('gives up at the limit', () => {
    expect(decideRestart(1, [0, 1, 2, 3, 4], 10, 5, WINDOW)).toMatchObject({
      restart: false,
    });
  });

  it('never restarts an agent whose name is taken', () => {
    expect(decideRestart(EXIT_NAME_TAKEN, [], 0, 5, WINDOW)).toMatchObject({
      restart: false,
      reason: expect.stringContaining('exit code 3'),
    });
  });
});

describe(nameTakenRetryDelayMs.name, () => {
  it('waits the restart backoff for each of NAME_TAKEN_RETRIES tries, then gives up', () => {
    const delays = Array.from({ length: NAME_TAKEN_RETRIES + 2 }, (_, i) =>
      nameTakenRetryDelayMs(i),
    );
    expect(delays).toEqual([
      1000,
      2000,
      4000,
      8000,
      16_000,
      30_000,
      30_000,
      30_000,
      30_000,
      null,
      null,
    ]);
  });
});
