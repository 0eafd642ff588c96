import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { ApiProcess, agentProcesses, scratchDatabase, waitFor } from '@fleet/e2e/support';
import type { CarView, Page } from '@fleet/shared/contracts';
import type { Broker } from './args';
import { startMosquitto } from './mosquitto';

export const REGIONS = ['munich', 'berlin', 'hamburg', 'cologne', 'frankfurt'];
const BATCH = 100;

export interface Fleet {
  api: ApiProcess;
  cars: number;
  broker: Broker;
  database: 'sqlite' | 'postgres';
  /** The API runs with CLUSTER=on (no object cache, deployment claims, leases): one replica of a cluster. */
  cluster: boolean;
  stop(): Promise<void>;
}

export interface FleetOptions {
  broker?: Broker;
  settleSeconds?: number;
  /** A PostgreSQL server: the API gets a fresh database there; null or absent: SQLite. */
  database?: string | null;
  /** CLUSTER=on (needs `database`). */
  cluster?: boolean;
}

/**
 * The built API with every car in one agent host, `cars` cars spread over REGIONS, all online. `database`: a
 * PostgreSQL server on which the API gets a fresh database (dropped by `stop`); null: SQLite in the API's folder.
 */
export async function startFleet(label: string, cars: number, { broker = 'embedded', settleSeconds = 0, database = null, cluster = false }: FleetOptions = {}): Promise<Fleet> {
  if (cluster && !database) throw new Error('a cluster fleet needs a PostgreSQL database');
  const mosquitto = broker === 'mosquitto' ? await startMosquitto() : null;
  const scratch = database ? await scratchDatabase(database, `fleet_bench_${randomBytes(4).toString('hex')}`).catch(async (error) => {
    await mosquitto?.stop();
    throw error;
  }) : null;
  const api = new ApiProcess({
    extraEnv: { AGENT_MODE: 'host', MQTT_SECURITY: 'none', DEMO_FLEET: '', ...(cluster ? { CLUSTER: 'on' } : {}) },
    ...(mosquitto ? { mqttUrl: mosquitto.url } : {}),
    ...(scratch ? { databaseUrl: scratch.url } : {}),
  });
  const stop = async () => {
    await stopApi(api);
    await mosquitto?.stop();
    await scratch?.dispose();
  };
  try {
    await api.start(`bench-${label}`);
    await createCars(api, cars);
    await waitAllOnline(api, cars);
    await settle(api, settleSeconds);
  } catch (error) {
    await stop();
    throw error;
  }
  return { api, cars, broker, database: scratch ? 'postgres' : 'sqlite', cluster, stop };
}

/** The regions `createCars` puts `cars` cars in, in its order: batch i goes to REGIONS[i % REGIONS.length]. */
export function regionsOf(cars: number): string[] {
  return REGIONS.slice(0, Math.min(REGIONS.length, Math.ceil(cars / BATCH)));
}

export async function createCars(api: ApiProcess, cars: number): Promise<void> {
  const started = Date.now();
  for (let made = 0, i = 0; made < cars; i++) {
    const count = Math.min(BATCH, cars - made);
    const res = await api.request('POST', '/api/cars/batch', { region: REGIONS[i % REGIONS.length], count });
    if (res.status !== 201) throw new Error(`POST /api/cars/batch answered ${res.status}: ${JSON.stringify(res.body)}`);
    made += count;
  }
  console.error(`[bench] created ${cars} cars in ${Date.now() - started} ms`);
}

export async function countCars(api: ApiProcess, query: string): Promise<number> {
  const res = await api.request<Page<CarView>>('GET', `/api/cars?pageSize=1${query}`);
  if (res.status !== 200) throw new Error(`GET /api/cars answered ${res.status}`);
  return res.body.total;
}

export async function waitAllOnline(api: ApiProcess, cars: number): Promise<void> {
  const started = Date.now();
  const timeoutMs = 60_000 + cars * 30;
  let online = 0;
  let parked = 0;
  let printed = started;
  const progress = () => `${online} of ${cars} online, ${parked} parked with a version after ${Math.round((Date.now() - started) / 1000)} s`;
  try {
    await waitFor(`${cars} cars online and parked`, async () => {
      online = await countCars(api, '&connection=online');
      parked = online >= cars ? await countCars(api, '&status=parked') : parked;
      if (Date.now() - printed >= 30_000) {
        printed = Date.now();
        console.error(`[bench] ${progress()}`);
      }
      return online >= cars && parked >= cars;
    }, timeoutMs, 500);
  } catch (error) {
    throw new Error(`${(error as Error).message} (${progress()})`);
  }
  console.error(`[bench] ${cars} cars online and parked after ${Date.now() - started} ms`);
}

/** Waits `seconds`, printing the CPU the API and the agent host used every 10 s of it. */
export async function settle(api: ApiProcess, seconds: number): Promise<void> {
  if (seconds <= 0) return;
  const pids = { api: api.pid, host: hostPid(api) };
  let last = cpuTicks(pids);
  for (let left = seconds; left > 0; left -= 10) {
    const step = Math.min(10, left);
    await new Promise((resolve) => setTimeout(resolve, step * 1000));
    const now = cpuTicks(pids);
    const percent = (key: 'api' | 'host') => Math.round((now[key] - last[key]) / step); // 100 ticks a second
    console.error(`[bench] settling: ${seconds - left + step}/${seconds} s, CPU API ${percent('api')} %, agent host ${percent('host')} %`);
    last = now;
  }
}

/** utime + stime of the processes (clock ticks, 100 a second); 0 for one that is gone. */
export function cpuTicks(pids: { api?: number; host?: number }): { api: number; host: number } {
  const ticks = (pid?: number) => {
    if (pid === undefined) return 0;
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return Number(fields[11]) + Number(fields[12]);
    } catch {
      return 0;
    }
  };
  return { api: ticks(pids.api), host: ticks(pids.host) };
}

/**
 * Write system calls the processes made so far (`syscw` in /proc/<pid>/io: socket writes, file writes); 0 for one
 * that is gone or unreadable. Steadier than CPU time when comparing how a build batches its writes.
 */
export function writeCalls(pids: { api?: number; host?: number }): { api: number; host: number } {
  const calls = (pid?: number) => {
    if (pid === undefined) return 0;
    try {
      const line = readFileSync(`/proc/${pid}/io`, 'utf8').split('\n').find((l) => l.startsWith('syscw:'));
      return line ? Number(line.slice('syscw:'.length)) : 0;
    } catch {
      return 0;
    }
  };
  return { api: calls(pids.api), host: calls(pids.host) };
}

/** Ends the API (which stops its agents) and kills any agent left under its data folder. */
export async function stopApi(api: ApiProcess): Promise<void> {
  await api.stopWithAgents((e) => console.error(`[bench] stop: ${String(e)}`));
}

export function hostPid(api: ApiProcess): number | undefined {
  return agentProcesses(api.dataDir)[0]?.pid;
}
