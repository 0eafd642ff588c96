import { performance } from 'node:perf_hooks';
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

/** A histogram's cumulative bucket counts (`le` in seconds → count; `+Inf` as Infinity), label-less series only. */
export function bucketsOf(text: string, metric: string): Map<number, number> {
  const buckets = new Map<number, number>();
  const re = new RegExp(`^${metric}_bucket\\{le="([^"]+)"\\} (\\S+)$`, 'gm');
  for (const [, le, value] of text.matchAll(re)) buckets.set(le === '+Inf' ? Infinity : Number(le), Number(value));
  return buckets;
}

/**
 * The `q` quantile of the observations between two scrapes of one histogram, as the upper bound of the bucket it
 * falls in (in ms; Infinity when it is past the last bucket, undefined without observations).
 */
export function bucketQuantileMs(before: Map<number, number>, after: Map<number, number>, q: number): number | undefined {
  const les = [...after.keys()].sort((a, b) => a - b);
  const total = (after.get(Infinity) ?? 0) - (before.get(Infinity) ?? 0);
  if (total <= 0) return undefined;
  for (const le of les) if ((after.get(le) ?? 0) - (before.get(le) ?? 0) >= q * total) return le * 1000;
  return Infinity;
}

export interface ApiCounts {
  in: number;
  out: number;
  /** The COA requests to cars (out) and their answers (in): `family="symphony"`. */
  coaOut: number;
  coaIn: number;
  /** The fleet connector's state requests and manifests (out) and their answers (in): `family="ankaios"`. */
  ankaiosOut: number;
  ankaiosIn: number;
  loop: Map<number, number>;
  at: number;
}

/** The API's MQTT message counters and event-loop delay buckets (`/metrics`), and when they were read. */
export async function mqttCounts(fleet: Fleet): Promise<ApiCounts> {
  const text = await scrapeMetrics(fleet);
  return {
    in: sumOf(text, 'fleet_mqtt_messages_total', 'direction="in"'),
    out: sumOf(text, 'fleet_mqtt_messages_total', 'direction="out"'),
    coaOut: sumOf(text, 'fleet_mqtt_messages_total', 'direction="out",family="symphony"'),
    coaIn: sumOf(text, 'fleet_mqtt_messages_total', 'direction="in",family="symphony"'),
    ankaiosOut: sumOf(text, 'fleet_mqtt_messages_total', 'direction="out",family="ankaios"'),
    ankaiosIn: sumOf(text, 'fleet_mqtt_messages_total', 'direction="in",family="ankaios"'),
    loop: bucketsOf(text, 'fleet_event_loop_delay_seconds'),
    at: performance.now(),
  };
}

/**
 * How late the API's event loop ran its 20 ms timer (`fleet_event_loop_delay_seconds`) between two scrapes: the
 * `q` quantile as the upper bound of the bucket it falls in (ms), or a word when there is no such bound.
 */
export function loopDelayMs(before: ApiCounts, after: ApiCounts, q: number): number | string {
  const v = bucketQuantileMs(before.loop, after.loop, q);
  return v === undefined ? 'none' : v === Infinity ? 'over the last bucket' : v;
}
