import { readFileSync } from 'node:fs';
import { ApiProcess, agentProcesses, waitFor, waitOnline } from '@fleet/e2e/support';
import { hostPid, stopApi } from './fleet';
import type { Fleet } from './fleet';
import type { FigureResult } from './report';
import { round } from './stats';

/** VmRSS of a process in bytes, from /proc. */
export function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) * 1024;
}

/** RSS of the agent host / cars; then RSS of one car as its own process (AGENT_MODE=process, one car). */
export async function memoryBench(fleet: Fleet): Promise<FigureResult> {
  const pid = hostPid(fleet.api);
  if (!pid) throw new Error('memory: no agent host process found');
  const hostRss = rssBytes(pid);
  const apiRss = fleet.api.pid ? rssBytes(fleet.api.pid) : Number.NaN;
  const perCarKb = round(hostRss / fleet.cars / 1024, 1);
  const singleMb = round((await singleCarRss()) / 2 ** 20, 1);
  return {
    figure: 'memory',
    cars: fleet.cars,
    values: { hostRssMb: round(hostRss / 2 ** 20, 1), perCarKbInHost: perCarKb, apiRssMb: round(apiRss / 2 ** 20, 1), oneCarProcessRssMb: singleMb },
    targets: { '<= 100 KB per car in host mode': perCarKb <= 100, '<= 50 MB RSS per car process': singleMb <= 50 },
  };
}

async function singleCarRss(): Promise<number> {
  const api = new ApiProcess({ extraEnv: { AGENT_MODE: 'process', DEMO_FLEET: '' } });
  try {
    await api.start('bench-memory-process');
    const res = await api.request('POST', '/api/cars', { region: 'munich', name: 'bench-solo' });
    if (res.status !== 201) throw new Error(`POST /api/cars answered ${res.status}`);
    await waitOnline(api, 'bench-solo', 60_000);
    const agent = await waitFor('the car process', () => agentProcesses(api.dataDir)[0], 10_000);
    return rssBytes(agent.pid);
  } finally {
    await stopApi(api);
  }
}
