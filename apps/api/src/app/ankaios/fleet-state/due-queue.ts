/** One car and the time it is due. */
export interface DueEntry {
  id: string;
  at: number;
}

/**
 * Cars by the time they are due, earliest first (a binary min-heap). Entries are never updated in place: a car
 * given a new time gets a new entry, and the reader skips the ones that no longer match (see StatePoller), so a
 * push and a pop cost O(log n) and nothing ever walks the whole fleet.
 */
export class DueQueue {
  private readonly heap: DueEntry[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(id: string, at: number): void {
    const heap = this.heap;
    heap.push({ id, at });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent].at <= heap[i].at) break;
      [heap[parent], heap[i]] = [heap[i], heap[parent]];
      i = parent;
    }
  }

  /** The earliest entry if it is due at `now` or before, taken out; null otherwise. */
  popDue(now: number): DueEntry | null {
    const heap = this.heap;
    if (heap.length === 0 || heap[0].at > now) return null;
    const top = heap[0];
    const last = heap.pop() as DueEntry;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let least = i;
        if (left < heap.length && heap[left].at < heap[least].at) least = left;
        if (right < heap.length && heap[right].at < heap[least].at)
          least = right;
        if (least === i) break;
        [heap[least], heap[i]] = [heap[i], heap[least]];
        i = least;
      }
    }
    return top;
  }

  clear(): void {
    this.heap.length = 0;
  }
}
