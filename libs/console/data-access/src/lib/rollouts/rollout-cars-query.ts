import type { CarBucket } from '@fleet/shared/contracts';
import type { RolloutCarsQuery } from './rollouts-api';

/** Rows per page of the per-car table until the user picks another size. */
export const ROLLOUT_CARS_PAGE_SIZE = 25;

/** The per-car table's filter: one stage (index), one bucket, a car-id text; null or '' for all. */
export interface RolloutCarsFilter {
  stage: number | null;
  bucket: CarBucket | null;
  q: string;
}

/** The filter and the page (1-based) the per-car table shows. */
export interface RolloutCarsPage extends RolloutCarsFilter {
  page: number;
  pageSize: number;
}

export const FIRST_CARS_PAGE: RolloutCarsPage = { stage: null, bucket: null, q: '', page: 1, pageSize: ROLLOUT_CARS_PAGE_SIZE };

/** The request of a page: blank filters are left out. */
export function carsRequestOf({ stage, bucket, q, page, pageSize }: RolloutCarsPage): RolloutCarsQuery {
  const text = q.trim();
  return { page, pageSize, ...(stage === null ? {} : { stage }), ...(bucket === null ? {} : { bucket }), ...(text ? { q: text } : {}) };
}

/** True when both ask the API for the same cars (blanks around the text do not count). */
export function sameFilter(a: RolloutCarsFilter, b: RolloutCarsFilter): boolean {
  return a.stage === b.stage && a.bucket === b.bucket && a.q.trim() === b.q.trim();
}

/** The last page that holds cars, when a refresh finds the shown page emptied (its cars left the filter). */
export function lastPageOf(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}
