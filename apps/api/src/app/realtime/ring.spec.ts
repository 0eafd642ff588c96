import { Ring } from './ring';

/** A small deterministic generator, so that a failure repeats. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe(Ring.name, () => {
  it('holds the newest items, oldest first, whatever the sizes of the batches and of the ring', () => {
    const random = lcg(42);
    for (let trial = 0; trial < 500; trial++) {
      const capacity = 1 + Math.floor(random() * 10);
      const ring = new Ring<number>(capacity);
      const all: number[] = [];
      let next = 0;
      for (let b = 0; b < 8; b++) {
        const batch = Array.from(
          { length: Math.floor(random() * 25) },
          () => next++,
        );
        ring.push(batch);
        all.push(...batch);
        expect(ring.toArray()).toEqual(all.slice(-capacity));
      }
    }
  });

  it('hands out a copy', () => {
    const ring = new Ring<number>(3);
    ring.push([1, 2]);
    ring.toArray().push(99);
    expect(ring.toArray()).toEqual([1, 2]);
  });
});
