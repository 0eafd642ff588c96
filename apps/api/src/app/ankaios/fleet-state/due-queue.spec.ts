import { DueQueue } from './due-queue';

describe(DueQueue.name, () => {
  it('gives back only the entries due by then, earliest first', () => {
    const queue = new DueQueue();
    // A fixed pseudo-random order of 200 times, some equal.
    const times = Array.from({ length: 200 }, (_, i) => (i * 7919) % 97);
    times.forEach((at, i) => queue.push(`car-${i}`, at));

    const taken: number[] = [];
    for (let entry = queue.popDue(50); entry; entry = queue.popDue(50))
      taken.push(entry.at);

    const due = times.filter((at) => at <= 50).sort((a, b) => a - b);
    expect(taken).toEqual(due);
    expect(queue.size).toBe(times.length - due.length);
    expect(queue.popDue(50)).toBeNull();
    expect(queue.popDue(96)?.at).toBe(51);
  });

  it('keeps an entry per push (a car given a new time keeps its old entry until it is taken)', () => {
    const queue = new DueQueue();
    queue.push('a', 10);
    queue.push('a', 5);
    expect(queue.popDue(100)).toEqual({ id: 'a', at: 5 });
    expect(queue.popDue(100)).toEqual({ id: 'a', at: 10 });
    queue.push('b', 1);
    queue.clear();
    expect(queue.popDue(100)).toBeNull();
  });
});
