import { createNodeDeps } from '../agent/create-deps';
import { describeError } from '../logging/logger';
import { createProcessLoadProbe } from '../reporting/load-probe';
import { AgentHost } from './agent-host';
import { ConnectGate } from './connect-gate';
import { carConfig, HostConfig } from './host-config';
import { thresholdLogger } from './host-logging';
import { HostEvent, isHostCommand } from './host-protocol';
import { QueuedStateFile, StateWriteQueue } from './queued-state-file';
import { sharedLoadProbe } from './shared-load-probe';

const STOP_BUDGET_MS = 5_000;
/**
 * Hosted cars report the host's load shared out (the same figure for every car), every 10 s instead of 2 s: the
 * API announces a car's load at most every 10 s anyway (LoadThinning), and at 10,000 cars the 2 s reports were
 * 5,000 of the ~8,000 messages a second the broker and the API had to carry.
 */
export const HOST_LOAD_REPORT_MS = 10_000;

/** Runs the agent host in this process: `--count` cars at once, more through IPC `add`/`remove` commands. */
export function launchHost(config: HostConfig): AgentHost {
  const logger = thresholdLogger('agent-host', 'info');
  const send = (event: HostEvent) => process.send?.(event);
  const states = new StateWriteQueue(logger);
  const gate = new ConnectGate();
  const probe = sharedLoadProbe(createProcessLoadProbe(), () => host.size);
  const host: AgentHost = new AgentHost({
    pid: process.pid,
    logger,
    onExit: (name, code) => send({ type: 'exited', name, code }),
    createDeps: (car, port) => {
      const deps = createNodeDeps(car);
      return {
        ...deps,
        createTransport: (options) => gate.transport(() => deps.createTransport(options)),
        stateFile: new QueuedStateFile(car.runFolder, states),
        process: port,
        logger: thresholdLogger(car.name, config.logLevel),
        loadProbe: probe,
        loadReportMs: HOST_LOAD_REPORT_MS,
      };
    },
  });

  const add = (name: string, tags?: Record<string, string>, state?: 'parked' | 'driving') => {
    try {
      host.add(carConfig(config, name, tags, state));
      send({ type: 'added', name });
    } catch (error) {
      logger.error('car not started', { carId: name, error: describeError(error) });
      send({ type: 'rejected', name, reason: error instanceof Error ? error.message : String(error) });
    }
  };

  for (let n = 1; n <= config.count; n++) add(`${config.prefix}-${n}`);
  logger.info('host ready', { cars: host.size, serverUrl: config.base.serverUrl });
  send({ type: 'ready', cars: host.size });

  process.on('message', (message) => {
    if (!isHostCommand(message)) return logger.warn('malformed host command dropped', { message: String(JSON.stringify(message)).slice(0, 200) });
    if (message.type === 'add') add(message.name, message.tags, message.vehicleState);
    else void host.remove(message.name);
  });

  let stopping = false;
  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('host stopping', { reason, cars: host.size });
    setTimeout(() => process.exit(1), STOP_BUDGET_MS).unref();
    void host
      .stopAll(reason)
      .then(() => states.drain())
      .then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  if (process.send) process.on('disconnect', () => stop('parent disconnected'));
  const fatal = (error: unknown) => {
    logger.error('uncaught error', { error: describeError(error) });
    process.exit(1);
  };
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
  return host;
}
