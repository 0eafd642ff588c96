import { exitOnSignals } from './app/bootstrap/exit-on-signals';
import { createLogger } from './app/common/logger';
import { startFleetApp } from './app/bootstrap/start-fleet-app';
import { ConfigError, loadConfig } from './app/config/load-config';

async function main(): Promise<void> {
  // The only read of process.env: everything else asks AppConfigService.
  const config = loadConfig(process.env, __dirname);
  const logger = createLogger(config.logFormat);
  const fleet = await startFleetApp(config, logger);
  exitOnSignals(fleet, logger);
}

main().catch((error: Error) => {
  console.error(
    error instanceof ConfigError
      ? error.message
      : `API failed to start: ${error.stack ?? error.message}`,
  );
  process.exit(1);
});
