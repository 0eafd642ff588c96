import { performance } from 'node:perf_hooks';
import { startBareServer } from './floor';
import type { Fleet } from './fleet';
import { cpuTicks, REGIONS } from './fleet';
import type { FigureResult, Row } from './report';
import { round, summarize } from './stats';

export interface ListOptions {
  /** Closed loop: this many clients, each sending its next request when the last one answered (saturation). */
  workers: number;
  durationMs: number;
  /** Open loop: requests sent at these fixed rates (req/s), whether or not earlier ones answered. */
  rates: number[];
}

/** How long the API's CPU at rest is sampled before the saturation run (for `apiCpuMsPerRequestNet`). */
const REST_SAMPLE_MS = 5_000;
/** At most this many paced requests open at once; more would only measure the client. */
const MAX_OPEN = 256;

interface Sample {
  latencies: number[];
  errors: number;
  seconds: number;
}

/**
 * `GET /api/cars?pageSize=100&region=…&page=1..3`, two ways. Saturation: `workers` closed loops for `durationMs`
 * (the API's throughput; latency there is mostly queueing behind the other clients). Paced: for each rate, one
 * request every 1/rate s for `durationMs`, latency counted from the moment it was due (a late send counts too).
 * Then the floor: the same paced requests to a bare HTTP server (its own process, no work) while the fleet keeps
 * reporting, the latency any HTTP answer has on this machine under that load.
 */
export async function listBench(fleet: Fleet, options: ListOptions): Promise<FigureResult> {
  // The API's CPU at rest just before, then during the saturation run: per request, all of it and less the rest.
  const pids = { api: fleet.api.pid };
  const rest0 = { ticks: cpuTicks(pids).api, at: performance.now() };
  await new Promise((resolve) => setTimeout(resolve, REST_SAMPLE_MS));
  const rest1 = { ticks: cpuTicks(pids).api, at: performance.now() };
  const saturation = await closedLoop(fleet, options.workers, options.durationMs);
  const busyTicks = cpuTicks(pids).api - rest1.ticks;
  const s = summarize(saturation.latencies);
  const restTicksPerSec = (rest1.ticks - rest0.ticks) / ((rest1.at - rest0.at) / 1000);
  const perRequest = (ticks: number) => (s.count > 0 ? round((Math.max(0, ticks) * 10) / s.count, 3) : 0); // a tick is 10 ms
  const values: Row = {
    workers: options.workers,
    seconds: round(saturation.seconds),
    requests: s.count,
    reqPerSec: round(s.count / saturation.seconds, 1),
    p50Ms: s.p50,
    p95Ms: s.p95,
    p99Ms: s.p99,
    maxMs: s.max,
    apiCpuMsPerRequest: perRequest(busyTicks),
    apiCpuMsPerRequestNet: perRequest(busyTicks - restTicksPerSec * saturation.seconds),
  };
  let errors = saturation.errors;
  const targets: Record<string, boolean | null> = {
    'p99 <= 10 ms at 10,000 cars (saturation)': fleet.cars >= 10_000 ? s.p99 <= 10 : null,
  };
  const api = await pacedRuns((n) => getPage(fleet, n), options, 'at');
  Object.assign(values, api.values);
  errors += api.errors;
  for (const [rate, p99] of api.p99)
    targets[`p99 <= 10 ms at 10,000 cars (${rate} req/s offered)`] = fleet.cars >= 10_000 ? p99 <= 10 : null;
  // The machine's floor under the same load: a bare HTTP server in its own process, paced the same way.
  const bare = await startBareServer();
  try {
    const floor = await pacedRuns((n) => getBare(bare.url, n), options, 'floorAt');
    Object.assign(values, floor.values);
    errors += floor.errors;
  } finally {
    await bare.stop();
  }
  values['errors'] = errors;
  const total = saturation.latencies.length;
  if (errors > 0) throw new Error(`list: ${errors} requests failed (${total} in the saturation run)`);
  return { figure: 'list', cars: fleet.cars, values, targets };
}

/** An open loop at each of `options.rates`: `<prefix><rate>PerSec.p50Ms` (p95, p99, max) per rate, its errors and p99s. */
async function pacedRuns(
  request: (n: number) => Promise<boolean>,
  options: ListOptions,
  prefix: string,
): Promise<{ values: Row; errors: number; p99: Map<number, number> }> {
  const values: Row = {};
  const p99 = new Map<number, number>();
  let errors = 0;
  for (const rate of options.rates) {
    const paced = await openLoop(request, rate, options.durationMs);
    const p = summarize(paced.latencies);
    errors += paced.errors;
    Object.assign(values, {
      [`${prefix}${rate}PerSec.p50Ms`]: p.p50,
      [`${prefix}${rate}PerSec.p95Ms`]: p.p95,
      [`${prefix}${rate}PerSec.p99Ms`]: p.p99,
      [`${prefix}${rate}PerSec.maxMs`]: p.max,
    });
    p99.set(rate, p.p99);
  }
  return { values, errors, p99 };
}

/** One list request; resolves to whether it answered 200 (the body read to its end). */
async function getPage(fleet: Fleet, n: number): Promise<boolean> {
  const region = REGIONS[n % REGIONS.length];
  const res = await fetch(`${fleet.api.baseUrl}/api/cars?pageSize=100&region=${region}&page=${1 + (n % 3)}`, {
    headers: { authorization: `Bearer ${fleet.api.token}` },
    signal: AbortSignal.timeout(10_000),
  }).catch(() => undefined);
  if (res) await res.arrayBuffer().catch(() => undefined);
  return res?.status === 200;
}

/** One request to the bare server, through the same client as the list requests. */
async function getBare(url: string, n: number): Promise<boolean> {
  const res = await fetch(`${url}/?n=${n}`, { signal: AbortSignal.timeout(10_000) }).catch(() => undefined);
  if (res) await res.arrayBuffer().catch(() => undefined);
  return res?.status === 200;
}

async function closedLoop(fleet: Fleet, workers: number, durationMs: number): Promise<Sample> {
  const latencies: number[] = [];
  let errors = 0;
  const deadline = Date.now() + durationMs;
  const started = performance.now();
  const worker = async (w: number) => {
    for (let i = 0; Date.now() < deadline; i++) {
      const t0 = performance.now();
      const ok = await getPage(fleet, w + i);
      latencies.push(performance.now() - t0);
      if (!ok) errors++;
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
  return { latencies, errors, seconds: (performance.now() - started) / 1000 };
}

async function openLoop(request: (n: number) => Promise<boolean>, rate: number, durationMs: number): Promise<Sample> {
  const latencies: number[] = [];
  let errors = 0;
  let open = 0;
  const count = Math.max(1, Math.round((rate * durationMs) / 1000));
  const started = performance.now();
  const requests: Promise<void>[] = [];
  for (let n = 0; n < count; n++) {
    const dueAt = started + (n * 1000) / rate;
    const wait = dueAt - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    if (open >= MAX_OPEN) {
      errors++;
      continue;
    }
    open++;
    requests.push(
      request(n).then((ok) => {
        open--;
        latencies.push(performance.now() - dueAt);
        if (!ok) errors++;
      }),
    );
  }
  await Promise.all(requests);
  return { latencies, errors, seconds: (performance.now() - started) / 1000 };
}
