/** One page of a list. `total` counts every item that matches the filter. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** Which items a page query asks for: the defaults applied, and the slice `[start, end)` of all matches. */
export function pageWindow(query: { page?: number; pageSize?: number }): {
  page: number;
  pageSize: number;
  start: number;
  end: number;
} {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
  const start = (page - 1) * pageSize;
  return { page, pageSize, start, end: start + pageSize };
}
