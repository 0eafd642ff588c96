import { createJsonLogger, Logger } from '../logging/logger';

const RANK = { debug: 0, info: 1, warn: 2, error: 3 } as const;
export type LogThreshold = keyof typeof RANK;

/** A car's JSON logger that drops lines below `threshold` (a host of 10,000 cars must not flood stdout). */
export function thresholdLogger(carId: string, threshold: LogThreshold, write?: (line: string) => void): Logger {
  const inner = createJsonLogger(carId, write);
  const pass = (level: LogThreshold) => RANK[level] >= RANK[threshold];
  return {
    debug: (m, f) => pass('debug') && inner.debug(m, f),
    info: (m, f) => pass('info') && inner.info(m, f),
    warn: (m, f) => pass('warn') && inner.warn(m, f),
    error: (m, f) => pass('error') && inner.error(m, f),
  };
}
