/** The header with the number of agents that match a paged fleet-state query. */
export const TOTAL_COUNT_HEADER = 'X-Total-Count';
export const LINK_HEADER = 'Link';

export interface PagePosition {
  page: number;
  pageSize: number;
  total: number;
}

/**
 * `X-Total-Count`, and a `Link` header (RFC 8288) with `rel="next"` and `rel="prev"` where those pages exist.
 * The links are the request's own path and query (`url`, as express's `originalUrl`) with only `page` and
 * `pageSize` replaced, so masks and filters carry over as sent.
 */
export function pageHeaders(
  url: string,
  { page, pageSize, total }: PagePosition,
): Record<string, string> {
  const at = url.indexOf('?');
  const path = at < 0 ? url : url.slice(0, at);
  const query = at < 0 ? '' : url.slice(at + 1);
  const linkTo = (target: number, rel: string) => {
    const params = new URLSearchParams(query);
    params.set('page', String(target));
    params.set('pageSize', String(pageSize));
    return `<${path}?${params.toString()}>; rel="${rel}"`;
  };
  const links = [
    ...(page * pageSize < total ? [linkTo(page + 1, 'next')] : []),
    ...(page > 1 ? [linkTo(page - 1, 'prev')] : []),
  ];
  return {
    [TOTAL_COUNT_HEADER]: String(total),
    ...(links.length > 0 ? { [LINK_HEADER]: links.join(', ') } : {}),
  };
}
