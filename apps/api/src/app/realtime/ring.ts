/**
 * The newest `capacity` items, oldest first. An append costs what it appends, not what is kept: a car's log
 * kept as one array was copied whole (up to 1,000 lines) for every batch the car sent.
 */
export class Ring<T> {
  private readonly items: T[] = [];
  /** Where the oldest item is once the ring is full (and the next one goes). */
  private head = 0;

  constructor(private size: number) {}

  /** The most items kept. */
  get capacity(): number {
    return this.size;
  }

  /** Keeps at most `capacity` items from now on, dropping the oldest beyond it (never grows). */
  shrink(capacity: number): void {
    if (capacity >= this.size) return;
    const newest = this.toArray().slice(-capacity);
    this.items.length = 0;
    this.items.push(...newest);
    this.head = 0;
    this.size = capacity;
  }

  push(batch: readonly T[]): void {
    for (let i = Math.max(0, batch.length - this.size); i < batch.length; i++) {
      if (this.items.length < this.size) {
        this.items.push(batch[i]);
      } else {
        this.items[this.head] = batch[i];
        this.head = (this.head + 1) % this.size;
      }
    }
  }

  toArray(): T[] {
    return this.head === 0
      ? this.items.slice()
      : this.items.slice(this.head).concat(this.items.slice(0, this.head));
  }
}
