import { DEFAULT_PAGE_SIZE } from '@fleet/shared/contracts';
import type { CarView, ListCarsQueryDto, Page } from '@fleet/shared/contracts';

/** Filters and pages the live cars in one pass (fast enough for 10,000 cars per request). */
export function queryCars(
  cars: readonly CarView[],
  query: ListCarsQueryDto,
): Page<CarView> {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
  const search = query.search?.toLowerCase();
  const matches = cars.filter(
    (car) =>
      (query.region === undefined || car.region === query.region) &&
      (query.status === undefined || car.display === query.status) &&
      (query.connection === undefined || car.connection === query.connection) &&
      (query.version === undefined || car.version === query.version) &&
      (search === undefined || car.id.toLowerCase().includes(search)),
  );
  const start = (page - 1) * pageSize;
  return {
    items: matches.slice(start, start + pageSize),
    total: matches.length,
    page,
    pageSize,
  };
}
