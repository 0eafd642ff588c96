import type { CarView } from '@fleet/shared/contracts';

/**
 * A car's load report arrives every 2 s; at 10,000 cars, announcing each would put ~5,000 car views a second on
 * every console for a figure nobody reads at that rate. A change that touches only `load` and `lastSeenAt` is
 * announced at most every `intervalMs` per car; any other change goes out at once (carrying the latest load).
 */
export const LOAD_ANNOUNCE_INTERVAL_MS = 10_000;

export class LoadThinning {
  private readonly announced = new Map<string, { view: CarView; at: number }>();

  constructor(private readonly intervalMs = LOAD_ANNOUNCE_INTERVAL_MS) {}

  /** True when the change must go out now (and records it as announced). */
  admit(view: CarView, now: number): boolean {
    const last = this.announced.get(view.id);
    if (
      last &&
      now - last.at < this.intervalMs &&
      onlyLoadDiffers(last.view, view)
    )
      return false;
    this.announced.set(view.id, { view, at: now });
    return true;
  }

  forget(id: string): void {
    this.announced.delete(id);
  }
}

function onlyLoadDiffers(a: CarView, b: CarView): boolean {
  for (const key of Object.keys(b) as (keyof CarView)[]) {
    if (key === 'load' || key === 'lastSeenAt') continue;
    const x = a[key];
    const y = b[key];
    // Views are copied field by field, so an unchanged object field is the same object: no JSON needed.
    if (x === y) continue;
    if (typeof x !== 'object' || typeof y !== 'object') return false;
    if (JSON.stringify(x) !== JSON.stringify(y)) return false;
  }
  return true;
}
