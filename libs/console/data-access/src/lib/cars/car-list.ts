import type { CarView, Page } from '@fleet/shared/contracts';
import { matchesFilter, type CarFilter } from './car-filter';

/** The loaded slice of the filtered car list, in the API's order; `total` counts every match. */
export interface CarList {
  items: CarView[];
  total: number;
  /** When the first page was requested: cars created later are new, not on a page we skipped. */
  since: string;
}

export function emptyCarList(since = new Date(0).toISOString()): CarList {
  return { items: [], total: 0, since };
}

/** Appends a page, updating cars that are already present (they may have arrived live). */
export function appendPage(list: CarList, page: Page<CarView>): CarList {
  const index = new Map(list.items.map((car, i) => [car.id, i]));
  const items = [...list.items];
  for (const car of page.items) {
    const at = index.get(car.id);
    if (at === undefined) items.push(car);
    else items[at] = car;
  }
  return { ...list, items, total: Math.max(page.total, items.length) };
}

/**
 * Applies live changes: a loaded car is updated in place or leaves the list when it no longer
 * matches; a car not loaded joins when it matches and is either new or the list is complete
 * (otherwise it sits on a page not loaded yet).
 */
export function applyChanged(list: CarList, cars: readonly CarView[], filter: CarFilter): CarList {
  const index = new Map(list.items.map((car, i) => [car.id, i]));
  const complete = list.items.length >= list.total;
  const items: (CarView | null)[] = [...list.items];
  let total = list.total;
  let changed = false;
  for (const car of cars) {
    const at = index.get(car.id);
    const matches = matchesFilter(car, filter);
    if (at !== undefined) {
      items[at] = matches ? car : null;
      if (!matches) {
        index.delete(car.id);
        total--;
      }
      changed = true;
    } else if (matches && (complete || car.createdAt >= list.since)) {
      index.set(car.id, items.push(car) - 1);
      total++;
      changed = true;
    }
  }
  if (!changed) return list;
  return { ...list, items: items.filter((car): car is CarView => car !== null), total: Math.max(total, 0) };
}

export function applyRemoved(list: CarList, ids: readonly string[]): CarList {
  const gone = new Set(ids);
  const items = list.items.filter((car) => !gone.has(car.id));
  if (items.length === list.items.length) return list;
  return { ...list, items, total: Math.max(list.total - (list.items.length - items.length), 0) };
}
