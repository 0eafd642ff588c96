import { BatchedReads, READ_BATCH_KEYS } from './batched-reads';

describe(BatchedReads.name, () => {
  const table = new Map(
    Array.from({ length: 1200 }, (_, i) => [`k${i}`, { id: `k${i}`, n: i }]),
  );
  const reader = (before?: () => Promise<void>) => {
    const asked: string[][] = [];
    const reads = new BatchedReads<string, { id: string; n: number }>(
      (key) => key,
      async (keys) => {
        asked.push(keys);
        return keys.flatMap((k) => table.get(k) ?? []);
      },
      (row) => row.id,
      before,
    );
    return { reads, asked };
  };

  it(`asks at most ${READ_BATCH_KEYS} keys a statement and answers every caller`, async () => {
    const { reads, asked } = reader();
    const keys = [...Array.from({ length: 1201 }, (_, i) => `k${i}`)];
    const found = await Promise.all(keys.map((k) => reads.get(k)));
    expect(asked.map((a) => a.length)).toEqual([500, 500, 201]);
    expect(reads.statements).toBe(3);
    expect(found.slice(0, 2)).toEqual([
      { id: 'k0', n: 0 },
      { id: 'k1', n: 1 },
    ]);
    expect(found[1200]).toBeNull();
    // The next turn is a batch of its own.
    await expect(reads.get('k7')).resolves.toEqual({ id: 'k7', n: 7 });
    expect(asked).toHaveLength(4);
  });

  it('runs `before` ahead of each batch, and fails the batch when it fails', async () => {
    const order: string[] = [];
    let fail = true;
    const { reads, asked } = reader(async () => {
      order.push('before');
      if (fail) throw new Error('flush failed');
    });
    await expect(
      Promise.all([reads.get('k1'), reads.get('k2')]),
    ).rejects.toThrow('flush failed');
    expect(asked).toHaveLength(0);
    fail = false;
    await expect(reads.get('k1')).resolves.toEqual({ id: 'k1', n: 1 });
    expect(order).toEqual(['before', 'before']);
    expect(asked).toEqual([['k1']]);
  });
});
