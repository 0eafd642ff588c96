import { performance } from 'node:perf_hooks';
import { io, Socket } from 'socket.io-client';
import { REALTIME_PATH } from '@fleet/shared/contracts';
import type { BulkUpdateResponse, CarView, Page, ServerToClientListeners } from '@fleet/shared/contracts';
import { sleep } from '@fleet/e2e/support';
import { cpuTicks, hostPid, writeCalls } from './fleet';
import type { Fleet } from './fleet';
import { loopDelayMs, mqttCounts } from './metrics-scrape';
import type { ApiCounts } from './metrics-scrape';
import { rawRequestResponseRate } from './raw-mqtt';
import type { RawRate } from './raw-mqtt';
import type { FigureResult } from './report';
import { round } from './stats';

export const TARGET_VERSION = '1.2.4';

/**
 * One bulk update of every car (filter: their current version) to TARGET_VERSION; the clock runs from the request
 * until a socket.io client has seen every car at the new version with `succeeded`. The raw MQTT pair rate is
 * measured before (at rest) and after; the ratio is against the higher of the two.
 */
export async function updateBench(fleet: Fleet, rawMs: number, restMs = 10_000): Promise<FigureResult> {
  const { api } = fleet;
  const first = await api.request<Page<CarView>>('GET', '/api/cars?pageSize=1');
  const from = first.body.items[0]?.version;
  if (!from) throw new Error('update: no car reports a version');
  if (from === TARGET_VERSION) throw new Error(`update: cars already run ${TARGET_VERSION}`);
  const socket: Socket<ServerToClientListeners> = io(api.baseUrl, { path: REALTIME_PATH, transports: ['websocket'], auth: { token: api.token }, reconnection: false });
  const succeeded = new Set<string>();
  const failed = new Set<string>();
  socket.on('cars.changed', ({ cars }) => {
    for (const car of cars) {
      if (car.updateState === 'succeeded' && car.version === TARGET_VERSION) succeeded.add(car.id);
      if (car.updateState === 'failed') failed.add(car.id);
    }
  });
  let seconds: number;
  let accepted: number;
  let requestMs: number;
  let traffic: Record<string, number>;
  let cpu: Record<string, number>;
  let loop: Record<string, number | string>;
  let rawBefore: RawRate;
  let progress: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
      setTimeout(() => reject(new Error('socket connect timeout')), 10_000);
    });
    // The API's MQTT traffic at rest, then during the update: the difference per car is what the update costs. The
    // rest lasts 10 s, the longest heartbeat period: over 3 s, 10,000 cars' heartbeats (~4,000 a second, unevenly
    // phased) gave a rate off by more than the update's own messages.
    // The raw pair runs once in that rest too (its messages are not the API's, so not counted) and once after the
    // update; the ratio takes the higher rate. Measured only after the update, while the fleet still reported its
    // new states, the raw rate moved between 507 and 2,130 round trips a second from run to run, and a low one
    // flattered the ratio.
    const pids = { api: api.pid, host: hostPid(api) };
    const rest0 = await mqttCounts(fleet);
    // The CPU rate at rest is read after the raw pair (whose messages cross the embedded broker, in the API process).
    let cpu0 = cpuTicks(pids);
    let cpu0At = performance.now();
    const rawAtRest = rawRequestResponseRate(api.brokerUrl, api.mqttOptions(), Math.min(rawMs, restMs)).then((rate) => {
      [cpu0, cpu0At] = [cpuTicks(pids), performance.now()];
      return rate;
    });
    [rawBefore] = await Promise.all([rawAtRest, sleep(restMs)]);
    const rest1 = await mqttCounts(fleet);
    const [cpu1, cpu1At] = [cpuTicks(pids), performance.now()];
    const writes1 = writeCalls(pids);
    const started = performance.now();
    progress = setInterval(() => console.error(`[bench] update: ${succeeded.size} succeeded, ${failed.size} failed after ${round((performance.now() - started) / 1000, 1)} s`), 5_000);
    const res = await api.request<BulkUpdateResponse>('POST', '/api/cars/bulk-update', { filter: { version: from }, version: TARGET_VERSION }, { timeoutMs: 60_000 + fleet.cars * 20 });
    requestMs = performance.now() - started;
    if (res.status !== 200) throw new Error(`bulk-update answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
    accepted = res.body.accepted;
    const timeoutMs = 120_000 + fleet.cars * 20;
    while (succeeded.size + failed.size < accepted && performance.now() - started < timeoutMs) await sleep(20);
    seconds = (performance.now() - started) / 1000;
    const cpu2 = cpuTicks(pids);
    const writes2 = writeCalls(pids);
    const after = await mqttCounts(fleet);
    const restSeconds = (rest1.at - rest0.at) / 1000;
    // Messages per updated car, less the rate at rest. The fleet connector's state polls (each car every ~30 s, and
    // soon after a deployment changed its workloads) are left out of both: only 16 are open at once, so they slow
    // down while the API is busy with the update, and subtracting their rest rate took more than the update's own
    // messages (0.5 messages out per car, though every car gets a COA request). They are counted on their own:
    // all the polls during the update per car, and their rate at rest.
    const updateSeconds = (after.at - rest1.at) / 1000;
    const perCar = (key: 'in' | 'out') => {
      const polls = key === 'in' ? 'ankaiosIn' : 'ankaiosOut';
      const count = (c: ApiCounts) => c[key] - c[polls];
      return round((count(after) - count(rest1) - ((count(rest1) - count(rest0)) / restSeconds) * updateSeconds) / Math.max(1, accepted), 1);
    };
    const coaPerCar = (key: 'coaIn' | 'coaOut') => round((after[key] - rest1[key]) / Math.max(1, accepted), 2);
    // CPU per updated car (ms): all the process used during the update, and that less its rate at rest. Less
    // sensitive than cars/s to how the two cores were shared, so A/B comparisons of the update's own work use it.
    const cpuMs = (key: 'api' | 'host') => {
      const during = (cpu2[key] - cpu1[key]) * 10;
      const atRest = ((cpu1[key] - cpu0[key]) * 10 * seconds * 1000) / (cpu1At - cpu0At);
      return { all: round(during / Math.max(1, accepted), 2), net: round((during - atRest) / Math.max(1, accepted), 2) };
    };
    const [apiCpu, hostCpu] = [cpuMs('api'), cpuMs('host')];
    // Write system calls per updated car, all of them (the rest's included): how well each process batches its writes.
    const writesPerCar = (key: 'api' | 'host') => round((writes2[key] - writes1[key]) / Math.max(1, accepted), 1);
    cpu = { apiCpuMsPerCar: apiCpu.all, apiCpuMsPerCarNet: apiCpu.net, hostCpuMsPerCar: hostCpu.all, hostCpuMsPerCarNet: hostCpu.net, apiWriteCallsPerCar: writesPerCar('api'), hostWriteCallsPerCar: writesPerCar('host') };
    traffic = {
      mqttInPerCar: perCar('in'),
      mqttOutPerCar: perCar('out'),
      coaRequestsPerCar: coaPerCar('coaOut'),
      coaAnswersPerCar: coaPerCar('coaIn'),
      mqttInAtRestPerSec: round((rest1.in - rest0.in) / restSeconds),
      statePollsPerSecAtRest: round((rest1.ankaiosOut - rest0.ankaiosOut) / restSeconds),
      statePollsPerCar: round((after.ankaiosOut - rest1.ankaiosOut) / Math.max(1, accepted), 2),
    };
    // How late the API's event loop ran its 20 ms timer (`fleet_event_loop_delay_seconds`), at rest and during the
    // update: the upper bound of the bucket the quantile falls in.
    loop = {
      apiLoopDelayP99MsAtRest: loopDelayMs(rest0, rest1, 0.99),
      apiLoopDelayP50Ms: loopDelayMs(rest1, after, 0.5),
      apiLoopDelayP99Ms: loopDelayMs(rest1, after, 0.99),
    };
  } finally {
    clearInterval(progress);
    socket.close();
  }
  if (succeeded.size + failed.size < accepted) throw new Error(`update: only ${succeeded.size} of ${accepted} cars finished`);
  const carsPerSec = round(succeeded.size / seconds, 1);
  const rawAfter = await rawRequestResponseRate(api.brokerUrl, api.mqttOptions(), rawMs);
  const raw = Math.max(rawBefore.perSec, rawAfter.perSec);
  const ratio = round(carsPerSec / raw, 3);
  return {
    figure: 'update',
    cars: fleet.cars,
    values: { from, to: TARGET_VERSION, accepted, succeeded: succeeded.size, failed: failed.size, bulkRequestMs: round(requestMs), seconds: round(seconds), carsPerSec, ...traffic, ...cpu, ...loop, rawMqttRoundTripsPerSec: raw, rawBeforePerSec: rawBefore.perSec, rawAfterPerSec: rawAfter.perSec, ratioToRaw: ratio },
    targets: {
      '>= 1,000 cars/s at 10,000 cars': fleet.cars >= 10_000 ? carsPerSec >= 1000 : null,
      '>= 25 % of the raw broker rate': ratio >= 0.25,
    },
  };
}
