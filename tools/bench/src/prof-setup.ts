import 'reflect-metadata';
import { ApiProcess } from '@fleet/e2e/support';
import { createCars, settle, stopApi, waitAllOnline } from './fleet';
import { listBench } from './list.bench';
import { realtimeBench } from './realtime.bench';
import { rolloutBench } from './rollout.bench';
import { updateBench } from './update.bench';

async function main() {
  const cars = Number(process.argv[2] ?? 10000);
  const api = new ApiProcess({ extraEnv: { AGENT_MODE: 'host', MQTT_SECURITY: 'none', DEMO_FLEET: '', ...(process.env.BENCH_API_ENV ? JSON.parse(process.env.BENCH_API_ENV) : {}) }, nodeArgs: process.env.PROF_OPTS ? process.env.PROF_OPTS.split(' ') : [] });
  try {
    // Inside the try: an API that fails to start still has its data folder removed.
    await api.start('prof-setup');
    await createCars(api, cars);
    await waitAllOnline(api, cars);
    await settle(api, Number(process.env.SETTLE_S ?? 0));
    console.error(`[prof] steady from ${new Date().toISOString()}`);
    const fleet = { api, cars, broker: 'embedded' as const, database: process.env.BENCH_API_ENV?.includes('DATABASE_URL') ? ('postgres' as const) : ('sqlite' as const), cluster: process.env.BENCH_API_ENV?.includes('"CLUSTER":"on"') ?? false, stop: async () => undefined };
    const figures = (process.argv[3] ?? 'list,realtime').split(',');
    if (figures.includes('list')) console.log(JSON.stringify((await listBench(fleet, { workers: 16, durationMs: 10_000, rates: [50, 200] })).values));
    if (figures.includes('realtime')) console.log(JSON.stringify((await realtimeBench(fleet, { changesPerSec: 20, durationMs: 10_000 })).values));
    if (figures.includes('update')) console.log(JSON.stringify((await updateBench(fleet, 2_000)).values));
    if (figures.includes('rollout')) console.log(JSON.stringify((await rolloutBench(fleet, 5)).values));
  } finally {
    await stopApi(api);
  }
}
void main();
