/**
 * The newest `capacity` items, oldest first. An append costs what it appends, not what is kept: a car's log
 * kept as one array was copied whole (up to 1,000 lines) for every batch the car sent.
 */
export class Ring<T> {
  private readonly items: T[] = [];
  /** Where the oldest item is once the ring is full (and the next one goes). */
  private head = 0;

  constructor(private readonly capacity: number) {}

  push(batch: readonly T[]): void {
    for (
      let i = Math.max(0, batch.length - this.capacity);
      i < batch.length;
      i++
    ) {
      if (this.items.length < this.capacity) {
        this.items.push(batch[i]);
      } else {
        this.items[this.head] = batch[i];
        this.head = (this.head + 1) % this.capacity;
      }
    }
  }

  toArray(): T[] {
    return this.head === 0
      ? this.items.slice()
      : this.items.slice(this.head).concat(this.items.slice(0, this.head));
  }
}
