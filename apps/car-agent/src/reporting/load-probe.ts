import { freemem } from 'node:os';
import type { AgentLoad } from '@fleet/shared/contracts';

/** Measures this process's load; each sample covers the time since the previous one. */
export interface LoadProbe {
  sample(): AgentLoad;
}

export function createProcessLoadProbe(): LoadProbe {
  let lastCpu = process.cpuUsage();
  let lastTime = process.hrtime.bigint();
  return {
    sample() {
      const cpu = process.cpuUsage(lastCpu);
      const now = process.hrtime.bigint();
      const elapsedMicros = Number(now - lastTime) / 1_000;
      lastCpu = process.cpuUsage();
      lastTime = now;
      const percent = elapsedMicros > 0 ? ((cpu.user + cpu.system) / elapsedMicros) * 100 : 0;
      return { cpuUsage: Math.round(percent * 10) / 10, freeMemory: freemem() };
    },
  };
}
