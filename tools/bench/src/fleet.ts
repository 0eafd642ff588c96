import { ApiProcess, agentProcesses, waitFor } from '@fleet/e2e/support';
import type { CarView, Page } from '@fleet/shared/contracts';
import type { Broker } from './args';
import { startMosquitto } from './mosquitto';

export const REGIONS = ['munich', 'berlin', 'hamburg', 'cologne', 'frankfurt'];
const BATCH = 100;

export interface Fleet {
  api: ApiProcess;
  cars: number;
  broker: Broker;
  stop(): Promise<void>;
}

/** The built API with every car in one agent host, `cars` cars spread over REGIONS, all online. */
export async function startFleet(label: string, cars: number, broker: Broker = 'embedded'): Promise<Fleet> {
  const mosquitto = broker === 'mosquitto' ? await startMosquitto() : null;
  const api = new ApiProcess({
    extraEnv: { AGENT_MODE: 'host', MQTT_SECURITY: 'none', DEMO_FLEET: '' },
    ...(mosquitto ? { mqttUrl: mosquitto.url } : {}),
  });
  const stop = async () => {
    await stopApi(api);
    await mosquitto?.stop();
  };
  try {
    await api.start(`bench-${label}`);
    await createCars(api, cars);
    await waitAllOnline(api, cars);
  } catch (error) {
    await stop();
    throw error;
  }
  return { api, cars, broker, stop };
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
  await waitFor(`${cars} cars online`, async () => (await countCars(api, '&connection=online')) >= cars, timeoutMs, 500);
  await waitFor(`${cars} cars with a version`, async () => (await countCars(api, '&status=parked')) >= cars, timeoutMs, 500);
  console.error(`[bench] ${cars} cars online and parked after ${Date.now() - started} ms`);
}

/** Ends the API (which stops its agents) and kills any agent left under its data folder. */
export async function stopApi(api: ApiProcess): Promise<void> {
  await api.stopWithAgents((e) => console.error(`[bench] stop: ${String(e)}`));
}

export function hostPid(api: ApiProcess): number | undefined {
  return agentProcesses(api.dataDir)[0]?.pid;
}
