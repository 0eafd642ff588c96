import { ConsoleLogger, LogLevel } from '@nestjs/common';
import type { LogFormat } from '../config/app-config';

const LEVELS: LogLevel[] = ['log', 'warn', 'error', 'fatal'];

/** One JSON object per line for log collectors, or Nest's readable lines (coloured only on a terminal). */
export function createLogger(format: LogFormat): ConsoleLogger {
  return format === 'json'
    ? new ConsoleLogger({ json: true, colors: false, logLevels: LEVELS })
    : new ConsoleLogger({ logLevels: LEVELS, colors: process.stdout.isTTY });
}
