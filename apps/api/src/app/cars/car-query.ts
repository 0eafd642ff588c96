import { pageWindow } from '@fleet/shared/contracts';
import type { CarView, ListCarsQueryDto, Page } from '@fleet/shared/contracts';

/** True when the query filters on more than the region (which the registry indexes). */
export function filtersBeyondRegion(query: ListCarsQueryDto): boolean {
  return (
    query.status !== undefined ||
    query.connection !== undefined ||
    query.version !== undefined ||
    (query.search !== undefined && query.search !== '')
  );
}

/**
 * Filters and pages the live cars in one pass that keeps only the page's items (no copy of all matches);
 * callers pass the cars of the queried region when there is one.
 */
export function queryCars(
  cars: Iterable<CarView>,
  query: ListCarsQueryDto,
): Page<CarView> {
  const { page, pageSize, start, end } = pageWindow(query);
  const search = query.search?.toLowerCase();
  const items: CarView[] = [];
  let total = 0;
  for (const car of cars) {
    if (
      (query.region === undefined || car.region === query.region) &&
      (query.status === undefined || car.display === query.status) &&
      (query.connection === undefined || car.connection === query.connection) &&
      (query.version === undefined || car.version === query.version) &&
      (search === undefined || car.id.toLowerCase().includes(search))
    ) {
      if (total >= start && total < end) items.push(car);
      total++;
    }
  }
  return { items, total, page, pageSize };
}
