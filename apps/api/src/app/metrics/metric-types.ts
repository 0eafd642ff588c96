import type { Labels, MetricFamily, Sample } from './prometheus-text';

const MAX_SERIES = 1000;

/** Keys of frozen label sets, which callers share (one per kind of MQTT message, counted on every message). */
const frozenKeys = new WeakMap<Labels, string>();

/**
 * A map key per label set, the same for any key order (called on every counted message: no JSON). A frozen label
 * set's key is built once: sorting its names and joining them for each of thousands of messages a second was
 * garbage the young generation had to collect.
 */
function keyOf(labels: Labels): string {
  const known = frozenKeys.get(labels);
  if (known !== undefined) return known;
  const key = buildKey(labels);
  if (Object.isFrozen(labels)) frozenKeys.set(labels, key);
  return key;
}

function buildKey(labels: Labels): string {
  const names = Object.keys(labels);
  if (names.length > 1) names.sort();
  let key = '';
  for (const name of names) key += `${name}\u0000${labels[name]}\u0001`;
  return key;
}

/** A monotonic counter per label set; at most MAX_SERIES label sets (more are folded into one `other` series). */
export class Counter {
  private readonly series = new Map<string, { labels: Labels; value: number }>();

  constructor(readonly name: string, readonly help: string) {}

  inc(labels: Labels = {}, by = 1): void {
    let key = keyOf(labels);
    if (!this.series.has(key) && this.series.size >= MAX_SERIES) {
      labels = { overflow: 'true' };
      key = keyOf(labels);
    }
    const s = this.series.get(key) ?? { labels, value: 0 };
    s.value += by;
    this.series.set(key, s);
  }

  family(): MetricFamily {
    return countedFamily(this.name, this.help, [...this.series.values()].map(({ labels, value }) => ({ labels, value })));
  }
}

/** Cumulative buckets (seconds), `_sum` and `_count` per label set, as Prometheus expects. */
export class Histogram {
  private readonly series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();

  constructor(readonly name: string, readonly help: string, readonly buckets: readonly number[]) {}

  observe(labels: Labels, value: number): void {
    const key = keyOf(labels);
    if (!this.series.has(key)) {
      if (this.series.size >= MAX_SERIES) return;
      this.series.set(key, { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 });
    }
    const s = this.series.get(key) as { counts: number[]; sum: number; count: number };
    this.buckets.forEach((le, i) => {
      if (value <= le) s.counts[i]++;
    });
    s.sum += value;
    s.count++;
  }

  family(): MetricFamily {
    const samples: Sample[] = [];
    for (const s of this.series.values()) {
      this.buckets.forEach((le, i) => samples.push({ suffix: '_bucket', labels: { ...s.labels, le: String(le) }, value: s.counts[i] }));
      samples.push({ suffix: '_bucket', labels: { ...s.labels, le: '+Inf' }, value: s.count });
      samples.push({ suffix: '_sum', labels: s.labels, value: s.sum });
      samples.push({ suffix: '_count', labels: s.labels, value: s.count });
    }
    return { name: this.name, help: this.help, type: 'histogram', samples };
  }
}

export function gauge(name: string, help: string, samples: Sample[]): MetricFamily {
  return { name, help, type: 'gauge', samples };
}

/** A counter read at scrape time from a count kept elsewhere (a `Counter` keeps its own). */
export function countedFamily(name: string, help: string, samples: Sample[]): MetricFamily {
  return { name, help, type: 'counter', samples };
}
