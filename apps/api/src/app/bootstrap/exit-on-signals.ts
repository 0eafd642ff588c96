import type { LoggerService } from '@nestjs/common';
import type { FleetApp } from './start-fleet-app';

const SHUTDOWN_LIMIT_MS = 30_000;

/**
 * SIGINT/SIGTERM run the graceful shutdown (app.close: see ShutdownSequence) and exit 0. Nest's
 * enableShutdownHooks would run the same close but then re-raise the signal, so that the process ends
 * "killed by SIGTERM" instead of with exit code 0, which supervisors and the tests read as success.
 */
export function exitOnSignals(fleet: FleetApp, logger: LoggerService): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn(`${signal} again: exiting without waiting`, 'Shutdown');
      process.exit(1);
    }
    stopping = true;
    logger.log(`${signal} received: shutting down`, 'Shutdown');
    const limit = setTimeout(() => {
      logger.error(
        `shutdown took longer than ${SHUTDOWN_LIMIT_MS / 1000} s`,
        undefined,
        'Shutdown',
      );
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS);
    fleet.close().then(
      () => {
        clearTimeout(limit);
        logger.log('stopped', 'Shutdown');
        // A shutdown a failure asked for (the broker thread died) keeps the exit code it set.
        process.exit(
          typeof process.exitCode === 'number' ? process.exitCode : 0,
        );
      },
      (error: Error) => {
        logger.error(
          `shutdown failed: ${error.message}`,
          error.stack,
          'Shutdown',
        );
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
