import { setImmediate as nextTurn } from 'node:timers/promises';
import { mapLimit, mapPaced } from './map-limit';

/** A call that stays in flight until released; records how many ran at once. */
function gate() {
  let running = 0;
  let most = 0;
  const releases: Array<() => void> = [];
  const call = async (item: number) => {
    running++;
    most = Math.max(most, running);
    await new Promise<void>((resolve) => releases.push(resolve));
    running--;
    return item * 10;
  };
  /** Releases every call, also those that start meanwhile, until `done` settles. */
  const releaseAll = async <R>(done: Promise<R>): Promise<R> => {
    let settled = false;
    void done.finally(() => (settled = true));
    while (!settled) {
      releases.splice(0).forEach((r) => r());
      await nextTurn();
    }
    return done;
  };
  return { call, releaseAll, most: () => most, started: () => releases.length };
}

describe('mapLimit', () => {
  it('keeps at most limit calls in flight and returns results in input order', async () => {
    const g = gate();
    const done = mapLimit([1, 2, 3, 4, 5, 6, 7], 3, g.call);
    await nextTurn();
    expect(g.started()).toBe(3);
    expect(await g.releaseAll(done)).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(g.most()).toBe(3);
  });

  it('returns an empty list for no items without calling', async () => {
    const fn = jest.fn();
    expect(await mapLimit([], 4, fn)).toEqual([]);
    expect(fn).not.toHaveBeenCalled();
  });
});

describe('mapPaced', () => {
  it('starts at most perTurn calls per turn of the event loop, within the concurrency', async () => {
    const startedPerTurn: number[] = [];
    let current = 0;
    let ticking = true;
    const tick = () => {
      startedPerTurn.push(current);
      current = 0;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const g = gate();
    const done = mapPaced(
      Array.from({ length: 10 }, (_, i) => i),
      { concurrency: 6, perTurn: 2 },
      (item) => {
        current++;
        return g.call(item);
      },
    );
    for (let i = 0; i < 6; i++) await nextTurn();
    const inFlight = g.started();
    const results = await g.releaseAll(done);
    ticking = false;
    // Six in flight at most, two starting per turn, none in the caller's own turn.
    expect(inFlight).toBe(6);
    expect(Math.max(...startedPerTurn, current)).toBeLessThanOrEqual(2);
    expect(results).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(g.most()).toBe(6);
  });
});
