import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { waitFor } from '@fleet/e2e/support';
import { cpuTicks, hostPid, startFleet, stopApi } from './fleet';
import { rssBytes } from './memory.bench';

/** CPU seconds (user + system) the agent host has used so far. */
const cpuSeconds = (pid: number): number => cpuTicks({ host: pid }).host / 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The agent host's CPU while its cars sit idle and parked: `host-idle.ts <cars> [warmupS] [windowS]`. After all
 * cars are online it waits `warmupS` (default 60: parked cars at --sim-speed 20 have charged to 100 %), then
 * measures the host's CPU seconds and RSS over `windowS` (default 30). The host is then stopped with SIGTERM
 * first, so that a `--cpu-prof` flag in its node flags gets to write its profile.
 */
async function main() {
  const [cars, warmupS, windowS] = [Number(process.argv[2] ?? 3000), Number(process.argv[3] ?? 60), Number(process.argv[4] ?? 30)];
  const fleet = await startFleet('host-idle', cars);
  try {
    const pid = hostPid(fleet.api);
    if (!pid) throw new Error('no agent host process found');
    await sleep(warmupS * 1000);
    const before = cpuSeconds(pid);
    await sleep(windowS * 1000);
    const cpu = cpuSeconds(pid) - before;
    const rssMb = Math.round(rssBytes(pid) / 2 ** 20);
    const cpuPercent = Math.round((cpu / windowS) * 1000) / 10;
    console.log(`BENCH_JSON ${JSON.stringify({ figure: 'host-idle', cars, windowS, hostCpuSeconds: cpu, hostCpuPercent: cpuPercent, hostRssMb: rssMb })}`);
    const stopAt = Date.now();
    process.kill(pid, 'SIGTERM');
    await waitFor('the agent host to exit', () => !existsSync(`/proc/${pid}`), 30_000, 200).catch((e) => console.error(String(e)));
    console.error(`[bench] agent host stopped ${Date.now() - stopAt} ms after SIGTERM`);
  } finally {
    await stopApi(fleet.api);
  }
}
void main();
