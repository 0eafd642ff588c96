import type { Fleet } from './fleet';

/** Scrapes GET /metrics and sums the samples of one metric whose labels contain `match` (e.g. `direction="in"`). */
export async function scrapeMetrics(fleet: Fleet): Promise<string> {
  const res = await fetch(`${fleet.api.baseUrl}/metrics`, { headers: { authorization: `Bearer ${fleet.api.token}` }, signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  if (res.status !== 200 || !text.includes('# TYPE fleet_cars gauge')) throw new Error(`GET /metrics answered ${res.status}: ${text.slice(0, 200)}`);
  return text;
}

export function sumOf(text: string, metric: string, match = ''): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(metric) || !line.includes(match)) continue;
    const name = line.slice(0, line.search(/[{ ]/));
    if (name === metric) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}
