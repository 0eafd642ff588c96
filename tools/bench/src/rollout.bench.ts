import { randomBytes } from 'node:crypto';
import { CAR_BUCKETS, emptyBucketCounts, FINAL_ROLLOUT_STATUSES } from '@fleet/shared/contracts';
import type { BucketCounts, CarBucket, CarView, Page, RolloutCarView, RolloutStageDefinition, RolloutStatus, RolloutView, StagePolicy } from '@fleet/shared/contracts';
import { carHistory, getRollout, sleep } from '@fleet/e2e/support';
import type { ApiProcess } from '@fleet/e2e/support';
import { regionsOf } from './fleet';
import type { Fleet } from './fleet';
import { loopDelayMs, mqttCounts } from './metrics-scrape';
import type { FigureResult, Row } from './report';
import { round } from './stats';
import { TARGET_VERSION } from './update.bench';

/**
 * A version no car runs before this figure (TARGET_VERSION's components, retagged): the rollout works whether or not
 * the `update` figure, which moves every car to TARGET_VERSION, ran first on the same fleet.
 */
export const ROLLOUT_VERSION = '1.2.5';
const POLL_MS = 200;
/** For the bench the rollout is over in these: the final ones, and those that wait for a person. */
const ENDED: readonly RolloutStatus[] = [...FINAL_ROLLOUT_STATUSES, 'paused', 'frozen', 'awaiting-approval'];
/** A car in these has not been sent the update (yet, or ever). */
const UNSENT: readonly CarBucket[] = ['pending', 'waiting', 'unreachable', 'skipped', 'cancelled'];

/** What the polls saw, in ms from the create request's start to the arrival of the first answer that showed it. */
interface Seen {
  firstSend: number | null;
  /** Per stage index: one of its cars, then every one, on the new version (soaking or succeeded). */
  firstInstalled: (number | null)[];
  allInstalled: (number | null)[];
}

/** The create request, settled or not: the watch fails as soon as it does. */
interface Create {
  done: Promise<number>;
  ms?: number;
  error?: unknown;
}

/**
 * One staged rollout of ROLLOUT_VERSION over the whole fleet (stages: see stagesFor), started by its create request
 * and watched by polling GET /api/rollouts/:id every POLL_MS until it ends. Any car that did not succeed fails the
 * figure; speed never does.
 */
export async function rolloutBench(fleet: Fleet, soakSeconds: number): Promise<FigureResult> {
  const { api } = fleet;
  const first = await api.request<Page<CarView>>('GET', '/api/cars?pageSize=1');
  const from = first.body.items[0]?.version ?? 'unknown';
  await publishVersion(api, ROLLOUT_VERSION, TARGET_VERSION);
  // 10 minutes at 10,000 cars, in proportion down to 2 minutes.
  const timeoutMs = Math.max(120_000, fleet.cars * 60);
  const name = `bench ${randomBytes(4).toString('hex')}`;
  const body = { name, version: ROLLOUT_VERSION, stages: stagesFor(fleet.cars), policy: policyFor(fleet.cars, soakSeconds), start: true };
  const seen: Seen = { firstSend: null, firstInstalled: [], allInstalled: [] };
  const before = await mqttCounts(fleet);
  const t0 = Date.now();
  const create = createRollout(api, body, timeoutMs, t0);
  const view = await watch(api, name, create, t0, timeoutMs, seen);
  const after = await mqttCounts(fleet);
  const createMs = await create.done;
  await checkSucceeded(api, fleet, view);
  const lastSends = await Promise.all(view.stages.map((stage) => lastSendAt(api, view.id, stage.index, stage.total)));
  const seconds = (Date.parse(view.finishedAt ?? '') - t0) / 1000;
  return {
    figure: 'rollout',
    cars: fleet.cars,
    values: {
      from,
      to: ROLLOUT_VERSION,
      soakSeconds,
      createRequestMs: createMs,
      firstSendMs: seen.firstSend,
      ...stageValues(view, seen, lastSends, t0),
      seconds: round(seconds),
      carsPerSec: round(fleet.cars / seconds, 1),
      buckets: formatBuckets(totalCounts(view)),
      // How late the API's event loop ran its 20 ms timer from just before the create request to just after the end.
      apiLoopDelayP50Ms: loopDelayMs(before, after, 0.5),
      apiLoopDelayP99Ms: loopDelayMs(before, after, 0.99),
    },
    targets: {},
  };
}

/**
 * Region by region as the product's staged rollout goes, in two stages: the fleet's first region, then every other
 * region it has. A selector names one region, so the second stage takes 100 % of the cars the first did not take;
 * checkSucceeded makes sure the stages took every car.
 */
function stagesFor(cars: number): RolloutStageDefinition[] {
  const [first, ...others] = regionsOf(cars);
  const stages: RolloutStageDefinition[] = [{ selector: { region: first } }];
  if (others.length > 0) stages.push({ name: others.join('-'), percent: 100 });
  return stages;
}

/** The rate limits at the top of their ranges (concurrency at most the fleet): the figure measures the engine, not them. */
function policyFor(cars: number, soakSeconds: number): Partial<StagePolicy> {
  return { maxConcurrent: Math.min(10_000, cars), maxPerMinute: 100_000, successThresholdPct: 100, soakSeconds };
}

/** Publishes `version` with the components of `base` for every model; one that exists already (409) is kept. */
async function publishVersion(api: ApiProcess, version: string, base: string): Promise<void> {
  const res = await api.request('POST', '/api/versions', { version, baseVersion: base, imageTag: version, compatibleModels: [], releaseNotes: 'bench: rollout figure' });
  if (res.status !== 201 && res.status !== 409) throw new Error(`POST /api/versions answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
}

/**
 * Sends the create request without waiting for it: it answers only after the first stage's sends were made, so the
 * rollout is watched meanwhile. `done` resolves to the request's duration (ms).
 */
function createRollout(api: ApiProcess, body: object, timeoutMs: number, t0: number): Create {
  const create: Create = {
    done: api.request<RolloutView>('POST', '/api/rollouts', body, { timeoutMs }).then((res) => {
      if (res.status !== 201) throw new Error(`POST /api/rollouts answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
      return Date.now() - t0;
    }),
  };
  create.done.then(
    (ms) => (create.ms = ms),
    (error: unknown) => (create.error = error),
  );
  return create;
}

/**
 * Polls the rollout until it ends: by name in the list until the create request's first commit shows it (its id is
 * not known before the request answers), then by id. Returns its last view.
 */
async function watch(api: ApiProcess, name: string, create: Create, t0: number, timeoutMs: number, seen: Seen): Promise<RolloutView> {
  let view: RolloutView | undefined;
  let printed = t0;
  for (;;) {
    const polled = Date.now();
    if (create.error) throw create.error;
    if (polled - t0 > timeoutMs) throw new Error(`rollout: timed out after ${timeoutMs / 1000} s waiting for rollout "${name}" to end (${view ? describe(view) : 'not listed yet'})`);
    view = view ? await getRollout(api, view.id) : await findRollout(api, name);
    if (view) {
      observe(view, Date.now() - t0, seen);
      if (ENDED.includes(view.status)) return view;
    }
    if (Date.now() - printed >= 5_000) {
      printed = Date.now();
      console.error(`[bench] rollout: ${view ? describe(view) : 'not listed yet'} after ${round((printed - t0) / 1000, 1)} s`);
    }
    await sleep(Math.max(0, POLL_MS - (Date.now() - polled)));
  }
}

async function findRollout(api: ApiProcess, name: string): Promise<RolloutView | undefined> {
  const res = await api.request<Page<RolloutView>>('GET', `/api/rollouts?version=${ROLLOUT_VERSION}&pageSize=10`);
  if (res.status !== 200) throw new Error(`GET /api/rollouts answered ${res.status}`);
  return res.body.items.find((r) => r.name === name);
}

function observe(view: RolloutView, at: number, seen: Seen): void {
  for (const { index, total, counts } of view.stages) {
    const unsent = UNSENT.reduce((n, b) => n + counts[b], 0);
    const installed = counts.soaking + counts.succeeded;
    if (total > unsent) seen.firstSend ??= at;
    if (installed > 0) seen.firstInstalled[index] ??= at;
    if (total > 0 && installed === total) seen.allInstalled[index] ??= at;
  }
}

/**
 * Per stage (1-based): its cars; when it started (s after the create request); from its start to the update request
 * of its last car (the sends of the stage); to the first poll that showed one car, then every car, installed
 * (soaking or succeeded: the soak is not in it); cars/s in that update phase; and from its start to its end (the
 * API's times: the last soak and the tick that judged it are in it).
 */
function stageValues(view: RolloutView, seen: Seen, lastSends: number[], t0: number): Row {
  const row: Row = {};
  const s = (ms: number) => round(ms / 1000);
  for (const stage of view.stages) {
    const key = `stage${stage.index + 1}`;
    const start = Date.parse(stage.startedAt ?? '') - t0;
    const update = (seen.allInstalled[stage.index] ?? Number.NaN) - start;
    row[`${key}Name`] = stage.name;
    row[`${key}Cars`] = stage.total;
    row[`${key}StartS`] = s(start);
    row[`${key}LastSendS`] = s(lastSends[stage.index] - t0 - start);
    row[`${key}FirstInstallS`] = s((seen.firstInstalled[stage.index] ?? Number.NaN) - start);
    row[`${key}UpdateS`] = s(update);
    row[`${key}CarsPerSec`] = round(stage.total / (update / 1000), 1);
    row[`${key}DoneS`] = s(Date.parse(stage.finishedAt ?? '') - t0 - start);
  }
  return row;
}

/**
 * When the updates module took the request of the stage's last car in send order: the engine sends a stage's cars in
 * car-id order, the order of GET /api/rollouts/:id/cars, so its last page of one holds that car (with several sends
 * in flight at once, the request of a car just before it may come a little later).
 */
async function lastSendAt(api: ApiProcess, id: string, stage: number, cars: number): Promise<number> {
  const res = await api.request<Page<RolloutCarView>>('GET', `/api/rollouts/${id}/cars?stage=${stage}&pageSize=1&page=${cars}`);
  const carId = res.body.items?.[0]?.carId;
  if (res.status !== 200 || !carId) throw new Error(`GET /api/rollouts/${id}/cars (stage ${stage}, its last car) answered ${res.status}`);
  const entry = (await carHistory(api, carId)).find((e) => e.kind === 'update' && e.toVersion === ROLLOUT_VERSION);
  if (!entry) throw new Error(`car ${carId} has no update to ${ROLLOUT_VERSION} in its history`);
  return Date.parse(entry.requestedAt);
}

/** Throws, with the bucket counts and a sample of reasons, unless the rollout completed with every car succeeded. */
async function checkSucceeded(api: ApiProcess, fleet: Fleet, view: RolloutView): Promise<void> {
  const counts = totalCounts(view);
  const picked = view.stages.reduce((n, s) => n + s.total, 0);
  const problems: string[] = [];
  if (view.status !== 'completed') problems.push(`ended ${view.status}${view.reason ? ` (${view.reason})` : ''}`);
  if (picked !== fleet.cars) problems.push(`its stages took ${picked} of the fleet's ${fleet.cars} cars`);
  if (counts.succeeded !== picked) problems.push(`${picked - counts.succeeded} of its ${picked} cars did not succeed`);
  if (problems.length === 0) return;
  const reasons = await reasonSample(api, view.id, counts);
  throw new Error(`rollout ${view.id}: ${problems.join('; ')}\n  buckets: ${formatBuckets(counts)}\n  ${reasons.join('\n  ') || 'no car outside succeeded'}`);
}

/** A few cars of every bucket but `succeeded`, with the API's reason. */
async function reasonSample(api: ApiProcess, id: string, counts: BucketCounts): Promise<string[]> {
  const lines: string[] = [];
  for (const bucket of CAR_BUCKETS) {
    if (bucket === 'succeeded' || counts[bucket] === 0) continue;
    const res = await api.request<Page<RolloutCarView>>('GET', `/api/rollouts/${id}/cars?bucket=${bucket}&pageSize=3`);
    if (res.status !== 200) lines.push(`${bucket}: GET /api/rollouts/${id}/cars answered ${res.status}`);
    else for (const car of res.body.items) lines.push(`${car.carId} (${car.stage}, ${car.bucket}): ${car.reason}`);
  }
  return lines;
}

function totalCounts(view: RolloutView): BucketCounts {
  const counts = emptyBucketCounts();
  for (const stage of view.stages) for (const bucket of CAR_BUCKETS) counts[bucket] += stage.counts[bucket];
  return counts;
}

/** `succeeded 200` or `succeeded 190, failed 10`: the buckets with cars. */
function formatBuckets(counts: BucketCounts): string {
  return CAR_BUCKETS.filter((b) => counts[b] > 0).map((b) => `${b} ${counts[b]}`).join(', ') || 'none';
}

function describe(view: RolloutView): string {
  const stages = view.stages.map((s) => `${s.name} ${s.status}: ${s.counts.succeeded} succeeded, ${s.counts.soaking} soaking, ${s.counts.updating} updating of ${s.total}`);
  return `${view.status}; ${stages.join('; ')}`;
}
