import type { CarView } from '@fleet/shared/contracts';

export const CHANGE_BUFFER_LIMIT = 20_000;

/** Collects car changes between two flushes: one entry per car (the latest view), bounded. */
export class CarChangeBuffer {
  private changed = new Map<string, CarView>();
  private removed = new Set<string>();

  constructor(private readonly limit = CHANGE_BUFFER_LIMIT) {}

  /** True when the buffer is full and should be flushed now. */
  change(car: CarView): boolean {
    this.removed.delete(car.id);
    this.changed.set(car.id, car);
    return this.full;
  }

  remove(id: string): boolean {
    this.changed.delete(id);
    this.removed.add(id);
    return this.full;
  }

  get empty(): boolean {
    return this.changed.size === 0 && this.removed.size === 0;
  }

  drain(): { changed: CarView[]; removed: string[] } {
    const drained = {
      changed: [...this.changed.values()],
      removed: [...this.removed],
    };
    this.changed = new Map();
    this.removed = new Set();
    return drained;
  }

  private get full(): boolean {
    return this.changed.size + this.removed.size >= this.limit;
  }
}
