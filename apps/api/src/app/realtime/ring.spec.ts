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

  it('keeps the newest items when shrunk at any point, and keeps to the smaller size after', () => {
    const random = lcg(7);
    for (let trial = 0; trial < 300; trial++) {
      let capacity = 2 + Math.floor(random() * 10);
      const ring = new Ring<number>(capacity);
      const all: number[] = [];
      let next = 0;
      for (let b = 0; b < 8; b++) {
        if (random() < 0.3) {
          const smaller = 1 + Math.floor(random() * capacity);
          ring.shrink(smaller);
          capacity = smaller;
          expect(ring.capacity).toBe(capacity);
          expect(ring.toArray()).toEqual(all.slice(-capacity));
        }
        const batch = Array.from(
          { length: Math.floor(random() * 15) },
          () => next++,
        );
        ring.push(batch);
        all.push(...batch);
        expect(ring.toArray()).toEqual(all.slice(-capacity));
      }
    }
  });

  it('never grows when asked to shrink to more than it holds', () => {
    const ring = new Ring<number>(3);
    ring.push([1, 2, 3, 4]);
    ring.shrink(10);
    ring.push([5]);
    expect(ring.capacity).toBe(3);
    expect(ring.toArray()).toEqual([3, 4, 5]);
  });

  it('hands out a copy', () => {
    const ring = new Ring<number>(3);
    ring.push([1, 2]);
    ring.toArray().push(99);
    expect(ring.toArray()).toEqual([1, 2]);
  });
});
