import type { CarView } from '@fleet/shared/contracts';

/**
 * A car's load report arrives every 2 s; at 10,000 cars, announcing each would put ~5,000 car views a second on
 * every console for a figure nobody reads at that rate. A change that touches only `load` and `lastSeenAt` is
 * announced at most every `intervalMs` per car; any other change goes out (carrying the latest load), weighed as
 * routine or urgent (ChangeWeight) for how soon.
 */
export const LOAD_ANNOUNCE_INTERVAL_MS = 10_000;

/**
 * What a change is worth to a client: `skip` (a load-only change within the interval), `routine` (telemetry, a
 * load past the interval: fine on the regular cadence) or `urgent` (what a fleet operator acts on: the vehicle
 * state, the connection, the update state, the version, the workloads, the region; or a car not seen before).
 */
export type ChangeWeight = 'skip' | 'routine' | 'urgent';

const URGENT_FIELDS = [
  'vehicleState',
  'connection',
  'updateState',
  'version',
  'workloads',
  'region',
] as const satisfies readonly (keyof CarView)[];

export class LoadThinning {
  private readonly announced = new Map<string, { view: CarView; at: number }>();

  constructor(private readonly intervalMs = LOAD_ANNOUNCE_INTERVAL_MS) {}

  /** How the change should go out (and records it as announced unless skipped). */
  weigh(view: CarView, now: number): ChangeWeight {
    const last = this.announced.get(view.id);
    if (
      last &&
      now - last.at < this.intervalMs &&
      onlyLoadDiffers(last.view, view)
    )
      return 'skip';
    const weight =
      !last || urgentDiffers(last.view, view) ? 'urgent' : 'routine';
    // Updated in place: a record replaced every few seconds per car would outlive young collections.
    if (last) {
      last.view = view;
      last.at = now;
    } else this.announced.set(view.id, { view, at: now });
    return weight;
  }

  forget(id: string): void {
    this.announced.delete(id);
  }
}

function urgentDiffers(a: CarView, b: CarView): boolean {
  for (const key of URGENT_FIELDS) if (differs(a[key], b[key])) return true;
  return false;
}

function onlyLoadDiffers(a: CarView, b: CarView): boolean {
  // A view is a plain object with its own fields only; `for…in` walks them without a key list.
  for (const key in b) {
    if (key === 'load' || key === 'lastSeenAt') continue;
    if (differs(a[key as keyof CarView], b[key as keyof CarView])) return false;
  }
  return true;
}

function differs(x: unknown, y: unknown): boolean {
  // Views are copied field by field, so an unchanged object field is the same object: no JSON needed.
  if (x === y) return false;
  if (typeof x !== 'object' || typeof y !== 'object') return true;
  return JSON.stringify(x) !== JSON.stringify(y);
}
