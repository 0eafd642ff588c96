// The contracts' DTO classes carry class-transformer decorators, which need the metadata polyfill.
import 'reflect-metadata';
import { ApiProcess } from '@fleet/e2e/support';
import { createCars, stopApi, waitAllOnline } from './fleet';
import type { Fleet } from './fleet';
import { scrapeMetrics, sumOf } from './metrics-scrape';

/**
 * The fleet connector's state polls a second at rest, per 10 s window, from the moment every car is online
 * (`fleet_mqtt_messages_total{direction="out",family="ankaios"}`): every car is asked every 30 s, so a steady
 * fleet should show cars/30 in every window, not bursts. Usage: `poll-rate.ts [cars] [windows]`.
 */
async function main(): Promise<void> {
  const cars = Number(process.argv[2] ?? 10_000);
  const windows = Number(process.argv[3] ?? 15);
  const api = new ApiProcess({ extraEnv: { AGENT_MODE: 'host', MQTT_SECURITY: 'none', DEMO_FLEET: '' } });
  const rates: number[] = [];
  try {
    await api.start('poll-rate');
    await createCars(api, cars);
    await waitAllOnline(api, cars);
    const fleet = { api } as Pick<Fleet, 'api'> as Fleet;
    const polls = async () => sumOf(await scrapeMetrics(fleet), 'fleet_mqtt_messages_total', 'direction="out",family="ankaios"');
    let last = await polls();
    for (let i = 0; i < windows; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10_000));
      const now = await polls();
      rates.push((now - last) / 10);
      last = now;
      console.log(`${new Date().toISOString()} state polls/s ${rates.at(-1)?.toFixed(1)}`);
    }
  } finally {
    await stopApi(api);
  }
  // The first 30 s (the cars' first polls after their hello) left out.
  const steady = rates.slice(3);
  console.log(`expected ${(cars / 30).toFixed(1)}/s; after the first 30 s: min ${Math.min(...steady).toFixed(1)}, max ${Math.max(...steady).toFixed(1)}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
