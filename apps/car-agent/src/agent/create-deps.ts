import { randomUUID } from 'node:crypto';
import { SimulatedCluster } from '../ankaios';
import type { AgentConfig } from '../config/agent-config';
import { createJsonLogger } from '../logging/logger';
import { createMqttTransport } from '../mqtt/mqtt-transport';
import { StateFile } from '../persistence/state-file';
import { createProcessLoadProbe } from '../reporting/load-probe';
import type { AgentDeps } from './agent-deps';
import { systemClock } from './clock';
import { nodeProcess } from './process-port';

/** The real wiring: the MQTT client, the simulated cluster, the file system and this process. */
export function createNodeDeps(config: AgentConfig): AgentDeps {
  const logger = createJsonLogger(config.name);
  return {
    config,
    instanceId: randomUUID(),
    clock: systemClock,
    random: Math.random,
    logger,
    process: nodeProcess,
    loadProbe: createProcessLoadProbe(),
    stateFile: new StateFile(config.runFolder),
    createTransport: (options) =>
      createMqttTransport(options, (error) => logger.warn('broker connection error', { error: error.message })),
    createCluster: (options) => new SimulatedCluster(options),
  };
}
