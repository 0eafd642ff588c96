import type { AgentLoad } from '@fleet/shared/contracts';
import type { LoadProbe } from '../reporting/load-probe';

/**
 * One probe for the whole host, sampled at most once per `minIntervalMs`; each car reports its share of the
 * host's CPU (cars are equal here) and the machine's free memory.
 */
export function sharedLoadProbe(inner: LoadProbe, carCount: () => number, now: () => number = Date.now, minIntervalMs = 1_000): LoadProbe {
  let last: AgentLoad = { cpuUsage: 0, freeMemory: 0 };
  let lastAt = -Infinity;
  return {
    sample() {
      if (now() - lastAt >= minIntervalMs) {
        last = inner.sample();
        lastAt = now();
      }
      const share = Math.round((last.cpuUsage / Math.max(1, carCount())) * 100) / 100;
      return { cpuUsage: share, freeMemory: last.freeMemory };
    },
  };
}
