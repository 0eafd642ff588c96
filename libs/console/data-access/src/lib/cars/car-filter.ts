import type { CarDisplayStatus, CarView, FleetSummary } from '@fleet/shared/contracts';

/** The grid's server-side filter (query params of `GET /api/cars`). Empty fields do not filter. */
export interface CarFilter {
  region?: string;
  status?: CarDisplayStatus;
  search?: string;
}

export function normalizeFilter(filter: CarFilter): CarFilter {
  const out: CarFilter = {};
  if (filter.region?.trim()) out.region = filter.region.trim();
  if (filter.status) out.status = filter.status;
  if (filter.search?.trim()) out.search = filter.search.trim();
  return out;
}

export function sameFilter(a: CarFilter, b: CarFilter): boolean {
  return a.region === b.region && a.status === b.status && a.search === b.search;
}

/** Whether the API would list this car under the filter (search: substring of the id). */
export function matchesFilter(car: CarView, filter: CarFilter): boolean {
  if (filter.region && car.region !== filter.region) return false;
  if (filter.status && car.display !== filter.status) return false;
  if (filter.search && !car.id.toLowerCase().includes(filter.search.toLowerCase())) return false;
  return true;
}

/** The filter's exact total when the fleet summary can tell it (no search, at most one of region/status). */
export function totalFromSummary(summary: FleetSummary, filter: CarFilter): number | null {
  if (filter.search || (filter.region && filter.status)) return null;
  if (filter.region) return summary.byRegion[filter.region] ?? 0;
  if (filter.status) return summary.byDisplay[filter.status] ?? 0;
  return summary.total;
}
