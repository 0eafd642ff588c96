// The contracts' DTO classes carry class-transformer decorators, which need the metadata polyfill.
import 'reflect-metadata';
import { parseArgs } from './args';
import type { Figure } from './args';
import { consoleBench } from './console.bench';
import { startFleet } from './fleet';
import type { Fleet } from './fleet';
import { listBench } from './list.bench';
import { memoryBench } from './memory.bench';
import { scrapeMetrics, sumOf } from './metrics-scrape';
import { realtimeBench } from './realtime.bench';
import { print } from './report';
import type { FigureResult } from './report';
import { rolloutBench } from './rollout.bench';
import { updateBench } from './update.bench';

function run(figure: Figure, fleet: Fleet, ci: boolean): Promise<FigureResult> {
  switch (figure) {
    case 'list':
      return listBench(fleet, { workers: 16, durationMs: ci ? 3_000 : 10_000, rates: ci ? [50] : [50, 200] });
    case 'realtime':
      return realtimeBench(fleet, { changesPerSec: 20, durationMs: ci ? 3_000 : 10_000 });
    case 'update':
      return updateBench(fleet, ci ? 2_000 : 5_000, ci ? 2_000 : 10_000);
    case 'memory':
      return memoryBench(fleet);
    case 'console':
      return consoleBench(fleet, ci ? 1 : 3);
    case 'rollout':
      return rolloutBench(fleet, ci ? 1 : 5);
  }
}

/**
 * `update` and `rollout` change every car's version, so they run after the others, in this order: the update
 * still goes from the fleet's first version to its target as in the earlier rounds, and the rollout takes a
 * version of its own that no car runs yet.
 */
const LAST: Figure[] = ['update', 'rollout'];

/** One fleet for all figures, those that change every car's version last (LAST). */
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const order = [...args.figures].sort((a, b) => LAST.indexOf(a) - LAST.indexOf(b));
  const fleet = await startFleet(order.join('-'), args.cars, args);
  console.error(`[bench] broker: ${args.broker}, database: ${fleet.database}, cluster: ${fleet.cluster ? 'on' : 'off'}`);
  const stop = () => void fleet.stop().finally(() => process.exit(130));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let failed = false;
  try {
    for (const figure of order) {
      try {
        const result = await run(figure, fleet, args.ci);
        print({ ...result, values: { broker: fleet.broker, database: fleet.database, cluster: fleet.cluster, ...result.values } });
      } catch (error) {
        failed = true;
        console.error(`[bench] ${figure} failed: ${error instanceof Error ? error.stack : String(error)}`);
      }
    }
    const text = await scrapeMetrics(fleet);
    console.log(`\n/metrics: mqtt in ${sumOf(text, 'fleet_mqtt_messages_total', 'direction="in"')}, out ${sumOf(text, 'fleet_mqtt_messages_total', 'direction="out"')}, updates ${sumOf(text, 'fleet_updates_total')}, http requests ${sumOf(text, 'fleet_http_request_duration_seconds_count')}`);
  } catch (error) {
    failed = true;
    console.error(`[bench] ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await fleet.stop();
  }
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
