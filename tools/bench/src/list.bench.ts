import { performance } from 'node:perf_hooks';
import type { Fleet } from './fleet';
import { REGIONS } from './fleet';
import type { FigureResult } from './report';
import { round, summarize } from './stats';

export interface ListOptions {
  workers: number;
  durationMs: number;
}

/** `workers` loops of GET /api/cars?pageSize=100&region=… for `durationMs`: latency percentiles and req/s. */
export async function listBench(fleet: Fleet, options: ListOptions): Promise<FigureResult> {
  const { api } = fleet;
  const latencies: number[] = [];
  let errors = 0;
  const deadline = Date.now() + options.durationMs;
  const started = performance.now();
  const worker = async (w: number) => {
    for (let i = 0; Date.now() < deadline; i++) {
      const region = REGIONS[(w + i) % REGIONS.length];
      const t0 = performance.now();
      const res = await fetch(`${api.baseUrl}/api/cars?pageSize=100&region=${region}&page=${1 + (i % 3)}`, {
        headers: { authorization: `Bearer ${api.token}` },
        signal: AbortSignal.timeout(10_000),
      }).catch(() => undefined);
      const ok = res?.status === 200;
      if (res) await res.arrayBuffer();
      latencies.push(performance.now() - t0);
      if (!ok) errors++;
    }
  };
  await Promise.all(Array.from({ length: options.workers }, (_, w) => worker(w)));
  const seconds = (performance.now() - started) / 1000;
  const s = summarize(latencies);
  if (errors > 0) throw new Error(`list: ${errors} of ${latencies.length} requests failed`);
  return {
    figure: 'list',
    cars: fleet.cars,
    values: { workers: options.workers, seconds: round(seconds), requests: s.count, reqPerSec: round(s.count / seconds, 1), p50Ms: s.p50, p95Ms: s.p95, p99Ms: s.p99, maxMs: s.max, errors },
    targets: { 'p99 <= 10 ms at 10,000 cars': fleet.cars >= 10_000 ? s.p99 <= 10 : null },
  };
}
