import { TurnBudget } from './turn-budget';

/** `fn` over every item, at most `limit` at a time; results in input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  return results;
}

/**
 * `mapLimit` whose calls start at most `perTurn` per turn of the event loop (`TurnBudget`): many items in flight,
 * but their synchronous parts spread over turns, so that I/O already pending runs in between.
 */
export function mapPaced<T, R>(
  items: readonly T[],
  limits: { concurrency: number; perTurn: number },
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const turns = new TurnBudget(limits.perTurn);
  return mapLimit(items, limits.concurrency, async (item) => {
    await turns.next();
    return fn(item);
  });
}
