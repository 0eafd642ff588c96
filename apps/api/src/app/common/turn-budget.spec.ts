import { setImmediate as nextTurn } from 'node:timers/promises';
import { TurnBudget } from './turn-budget';

/** Records, per turn of the event loop, which callers went on in it. */
async function turnsOf(budget: TurnBudget, callers: number): Promise<number[][]> {
  const turns: number[][] = [];
  let current: number[] = [];
  let ticking = true;
  const tick = () => {
    if (current.length > 0) turns.push(current);
    current = [];
    if (ticking) setImmediate(tick);
  };
  setImmediate(tick);
  await Promise.all(
    Array.from({ length: callers }, (_, i) => budget.next().then(() => current.push(i))),
  );
  ticking = false;
  await nextTurn();
  await nextTurn();
  return turns;
}

describe('TurnBudget', () => {
  it('lets at most perTurn callers go on in one turn, the rest in later turns, in the order they asked', async () => {
    const turns = await turnsOf(new TurnBudget(3), 8);

    expect(turns).toEqual([[0, 1, 2], [3, 4, 5], [6, 7]]);
  });

  it('never resolves in the caller’s own turn', async () => {
    const budget = new TurnBudget(5);
    let went = false;
    const waited = budget.next().then(() => (went = true));
    await Promise.resolve();
    await Promise.resolve();
    expect(went).toBe(false);
    expect(budget.queued).toBe(1);
    await waited;
    expect(went).toBe(true);
    expect(budget.queued).toBe(0);
  });

  it('lets other callbacks of the loop run before its later callers', async () => {
    const budget = new TurnBudget(2);
    const order: string[] = [];
    const callers = Array.from({ length: 6 }, (_, i) =>
      budget.next().then(() => {
        order.push(`car${i}`);
        // Work queued for the loop by the first car (an acknowledgement to send, say) runs before the last cars.
        if (i === 0) setImmediate(() => order.push('loop'));
      }),
    );
    await Promise.all(callers);

    expect(order.indexOf('loop')).toBeGreaterThan(order.indexOf('car1'));
    expect(order.indexOf('loop')).toBeLessThan(order.indexOf('car5'));
  });

  it('serves callers that ask while earlier ones are still queued', async () => {
    const budget = new TurnBudget(1);
    const order: number[] = [];
    const first = [budget.next().then(() => order.push(1)), budget.next().then(() => order.push(2))];
    await first[0];
    const late = budget.next().then(() => order.push(3));
    await Promise.all([...first, late]);

    expect(order).toEqual([1, 2, 3]);
  });

  it('refuses a budget that is not a whole number of at least one', () => {
    expect(() => new TurnBudget(0)).toThrow(/perTurn/);
    expect(() => new TurnBudget(1.5)).toThrow(/perTurn/);
  });
});
